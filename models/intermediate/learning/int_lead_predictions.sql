{#-
    Lead x active model: the conversion probability of the model's latest saved predictive model
    (`leadscore predict train`), as of score_date: the sum of its log-odds terms over the lead's
    rule score, rule units, attributes (values, bands and standardized numbers), days since its
    last engagement and its account's score, through the logistic function. Null for a model without a saved predictive model. The training code
    (leadscore/learning/predictive.py) builds the same features from the history tables, with
    the attributes cast to text the same way, so training and scoring agree.
-#}
{%- set columns = signal_columns() -%}

with lead_scores as (

    select * from {{ ref('int_lead_scores_summed') }}

),

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

account_scores as (

    select * from {{ ref('int_account_scores') }}

),

contributions as (

    select * from {{ ref('int_lead_rule_contributions') }}
    where category <> 'baseline'

),

rules as (

    select * from {{ ref('int_scoring_rules') }}

),

saved_models as (

    select * from {{ ref('stg_learning__predictive_models') }}

),

terms as (

    select * from {{ ref('stg_learning__predictive_model_terms') }}

),

latest_models as (

    select model_id, model_version
    from (
        select
            model_id,
            model_version,
            row_number() over (partition by model_id order by trained_at desc, model_version desc) as recency
        from saved_models
    ) as versions
    where recency = 1

),

latest_terms as (

    select terms.*
    from terms
    inner join latest_models
        on terms.model_id = latest_models.model_id
        and terms.model_version = latest_models.model_version

),

scored_leads as (

    select
        lead_scores.lead_id,
        lead_scores.model_id,
        lead_scores.total_score,
        coalesce(account_scores.account_score, 0) as account_score,
        {{ dbt.datediff('cast(lead_scores.last_engaged_at as date)', score_date(), 'day') }} as days_since_engaged

    from lead_scores
    inner join leads
        on lead_scores.lead_id = leads.lead_id
    left join account_scores
        on leads.account_id = account_scores.account_id
        and lead_scores.model_id = account_scores.model_id

),

rule_units as (

    select
        contributions.lead_id,
        contributions.model_id,
        contributions.rule_id,
        case
            when rules.points is null or rules.points = 0 then contributions.rule_points
            else contributions.rule_points / rules.points
        end as units

    from contributions
    inner join rules
        on contributions.model_id = rules.model_id
        and contributions.rule_id = rules.rule_id

),

lead_attributes as (

    {{ lead_attribute_values('leads', columns) }}

),

term_log_odds as (

    select scored_leads.lead_id, scored_leads.model_id, latest_terms.coefficient as log_odds
    from scored_leads
    inner join latest_terms
        on scored_leads.model_id = latest_terms.model_id
    where latest_terms.term_kind = 'intercept'

    union all

    select scored_leads.lead_id, scored_leads.model_id, latest_terms.coefficient * scored_leads.total_score
    from scored_leads
    inner join latest_terms
        on scored_leads.model_id = latest_terms.model_id
    where latest_terms.term_kind = 'rule_score'

    union all

    select rule_units.lead_id, rule_units.model_id, latest_terms.coefficient * rule_units.units
    from rule_units
    inner join latest_terms
        on rule_units.model_id = latest_terms.model_id
        and latest_terms.term_kind = 'rule_units'
        and rule_units.rule_id = latest_terms.feature

    union all

    select scored_leads.lead_id, scored_leads.model_id, latest_terms.coefficient
    from scored_leads
    inner join lead_attributes
        on scored_leads.lead_id = lead_attributes.lead_id
    inner join latest_terms
        on scored_leads.model_id = latest_terms.model_id
        and lead_attributes.feature = latest_terms.feature
    where (
            latest_terms.term_kind = 'attribute_value'
            and lead_attributes.value_text = latest_terms.value_text
        )
        or (
            latest_terms.term_kind = 'attribute_band'
            and lead_attributes.value_number is not null
            and (latest_terms.lower_bound is null or lead_attributes.value_number >= latest_terms.lower_bound)
            and (latest_terms.upper_bound is null or lead_attributes.value_number < latest_terms.upper_bound)
        )

    union all

    -- attribute_numeric: (value clipped to [lower_bound, upper_bound] - centre) / scale; a lead
    -- without the value has no row here and adds 0, as if at the centre.
    select
        scored_leads.lead_id,
        scored_leads.model_id,
        latest_terms.coefficient * ((
            case
                when latest_terms.lower_bound is not null and lead_attributes.value_number < latest_terms.lower_bound
                    then latest_terms.lower_bound
                when latest_terms.upper_bound is not null and lead_attributes.value_number > latest_terms.upper_bound
                    then latest_terms.upper_bound
                else lead_attributes.value_number
            end - latest_terms.centre
        ) / latest_terms.scale)
    from scored_leads
    inner join lead_attributes
        on scored_leads.lead_id = lead_attributes.lead_id
    inner join latest_terms
        on scored_leads.model_id = latest_terms.model_id
        and lead_attributes.feature = latest_terms.feature
    where latest_terms.term_kind = 'attribute_numeric'
        and lead_attributes.value_number is not null

    union all

    select scored_leads.lead_id, scored_leads.model_id, latest_terms.coefficient
    from scored_leads
    inner join latest_terms
        on scored_leads.model_id = latest_terms.model_id
    where latest_terms.term_kind = 'engagement_recency'
        and (
            (scored_leads.days_since_engaged is null and latest_terms.value_text = 'never')
            or (
                scored_leads.days_since_engaged >= latest_terms.lower_bound
                and (latest_terms.upper_bound is null or scored_leads.days_since_engaged < latest_terms.upper_bound)
            )
        )

    union all

    select scored_leads.lead_id, scored_leads.model_id, latest_terms.coefficient * scored_leads.account_score
    from scored_leads
    inner join latest_terms
        on scored_leads.model_id = latest_terms.model_id
    where latest_terms.term_kind = 'account_score'

),

summed_log_odds as (

    select
        lead_id,
        model_id,
        sum(log_odds) as log_odds

    from term_log_odds
    group by 1, 2

),

final as (

    select
        scored_leads.lead_id,
        scored_leads.model_id,
        latest_models.model_version as predictive_model_version,
        case
            when latest_models.model_version is not null
                then cast(1.0 / (1.0 + exp(-1.0 * summed_log_odds.log_odds)) as {{ number_type() }})
        end as conversion_probability

    from scored_leads
    left join latest_models
        on scored_leads.model_id = latest_models.model_id
    left join summed_log_odds
        on scored_leads.lead_id = summed_log_odds.lead_id
        and scored_leads.model_id = summed_log_odds.model_id

)

select * from final
