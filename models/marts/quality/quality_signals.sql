{#-
    One row per slice, model and signal: does it predict conversion? Judged on the decided
    cohort snapshots of the evaluation period (quality_lead_outcomes), each lead as of its
    snapshot day, in each slice on the slice's leads (its candidates' top values and numeric
    bands too).

    Signals: every active rule of the model (fired or not, from lead_rule_hit_history), and the
    unscored candidates, so that strong signals no rule scores yet show up: the top values of
    each text or boolean lead attribute, numeric lead attributes in bands of equal size, each
    event type and the top values of its text attributes (events in the
    quality_signal_event_lookback_days up to the snapshot day). Lead and account attributes are
    today's values (the warehouse keeps no history of them); rule hits and events are as of the
    snapshot.

    For each: snapshots with and without it, their conversion rates (Wilson intervals), the lift
    (rate with over rate without), the share of all conversions it covers, and a verdict judged
    on the lift adjusted for lead tenure. Tenure matters because behaviour accumulates: a lead
    on file for a year has opened more emails than last week's sign-up whatever its intent, and
    new leads convert more often, so any cumulative count looks like it lowers conversion. The
    adjusted lift is the Mantel-Haenszel risk ratio over tenure bands (days the lead was watched
    before the snapshot: from created_at, or from the first event the warehouse holds if later;
    var quality_signal_tenure_band_days), its interval the Greenland-Robins one. When no
    snapshot with (or without) the signal converted, it is the crude lift, with an interval
    from 0.5 added to both conversion counts (Katz). A lead scored in several months counts once per
    month, as the other quality models count it.
-#}
{%- set z = var('quality_signal_z') | float -%}
{%- set top_values = var('quality_signal_top_values') | int -%}
{%- set bands = var('quality_signal_numeric_bands') | int -%}
{%- set lookback_days = var('quality_signal_event_lookback_days') | int -%}
{%- set min_snapshots = var('quality_signal_min_snapshots') | int -%}
{%- set min_conversions = var('quality_signal_min_conversions') | int -%}
{%- set tenure_band_days = var('quality_signal_tenure_band_days') | map('int') | list -%}
{%- set columns = signal_columns() -%}
{%- set event_attributes = signal_event_attributes() -%}
{%- if z <= 0 or top_values < 1 or bands < 2 or lookback_days < 1 -%}
    {{- exceptions.raise_compiler_error('leadscore: vars quality_signal_z, quality_signal_top_values and quality_signal_event_lookback_days must be positive, quality_signal_numeric_bands at least 2') -}}
{%- endif -%}

with lead_outcomes as (

    {#- Every slice: 'all' (the one the signals report, calibration and checks read) and each
        of quality_slices.csv, judged on its own leads. #}
    select * from {{ ref('quality_lead_outcomes') }}
    where is_decided
        and is_in_evaluation_period

),

score_history as (

    select * from {{ ref('lead_score_history') }}
    where rule_hits_recorded

),

rule_hits as (

    select * from {{ ref('lead_rule_hit_history') }}

),

rules as (

    select * from {{ ref('int_scoring_rules') }}
    where is_active
        and is_model_active

),

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

events as (

    select * from {{ ref('int_events_loaded') }}
    where is_scoreable

),

tracking as (

    {#- Behaviour is observed from the first event the warehouse holds: a lead created before
        then has only been watched since. #}
    select min(event_date) as tracking_start
    from events

),

snapshots as (

    {#- Only snapshots whose rule hits were recorded (see lead_score_history.rule_hits_recorded). #}
    select
        lead_outcomes.slice_id,
        lead_outcomes.model_id,
        lead_outcomes.lead_id,
        lead_outcomes.scored_as_of,
        case when lead_outcomes.is_converted then 1 else 0 end as is_converted,
        case
            {%- for days in tenure_band_days %}
            when {{ dbt.datediff('greatest(cast(leads.created_at as date), tracking.tracking_start)', 'lead_outcomes.scored_as_of', 'day') }} < {{ days }} then {{ loop.index }}
            {%- endfor %}
            else {{ tenure_band_days | length + 1 }}
        end as tenure_band

    from lead_outcomes
    inner join score_history
        on lead_outcomes.lead_id = score_history.lead_id
        and lead_outcomes.model_id = score_history.model_id
        and lead_outcomes.scored_as_of = score_history.scored_as_of
    inner join leads
        on lead_outcomes.lead_id = leads.lead_id
    cross join tracking

),

strata_totals as (

    select
        slice_id,
        model_id,
        tenure_band,
        count(*) as snapshots,
        sum(is_converted) as conversions

    from snapshots
    group by 1, 2, 3

),

model_totals as (

    select
        slice_id,
        model_id,
        sum(snapshots) as snapshots,
        sum(conversions) as conversions

    from strata_totals
    group by 1, 2

),

rule_signals as (

    select
        rules.model_id,
        'rule' as signal_kind,
        rules.rule_id as signal_id,
        rules.rule_id,
        rules.category,
        rules.description

    from rules

),

rule_signal_hits as (

    select
        snapshots.slice_id,
        snapshots.model_id,
        rule_hits.rule_id as signal_id,
        snapshots.lead_id,
        snapshots.scored_as_of

    from snapshots
    inner join rule_hits
        on snapshots.lead_id = rule_hits.lead_id
        and snapshots.model_id = rule_hits.model_id
        and snapshots.scored_as_of = rule_hits.scored_as_of

),

snapshot_leads as (

    select
        snapshots.slice_id,
        snapshots.model_id,
        snapshots.lead_id,
        snapshots.scored_as_of,
        {%- for column in columns['text'] + columns['number'] %}
        leads.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}

    from snapshots
    inner join leads
        on snapshots.lead_id = leads.lead_id

),

attribute_values as (

    {%- for column in columns['text'] %}
    select
        slice_id,
        model_id,
        '{{ column }}' as attribute,
        cast({{ column }} as {{ dbt.type_string() }}) as attribute_value,
        lead_id,
        scored_as_of

    from snapshot_leads
    where {{ column }} is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {%- if not columns['text'] %}
    select
        cast(null as {{ dbt.type_string() }}) as slice_id,
        cast(null as {{ dbt.type_string() }}) as model_id,
        cast(null as {{ dbt.type_string() }}) as attribute,
        cast(null as {{ dbt.type_string() }}) as attribute_value,
        cast(null as {{ dbt.type_string() }}) as lead_id,
        cast(null as date) as scored_as_of
    where 1 = 0
    {%- endif %}

),

attribute_bands as (

    {%- for column in columns['number'] %}
    select
        slice_id,
        model_id,
        '{{ column }}' as attribute,
        cast({{ column }} as {{ number_type() }}) as attribute_number,
        {#- lead_id and day break ties, so a value spanning two bands splits the same way on
            every run. #}
        ntile({{ bands }}) over (
            partition by slice_id, model_id order by {{ column }}, lead_id, scored_as_of
        ) as band,
        lead_id,
        scored_as_of

    from snapshot_leads
    where {{ column }} is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {%- if not columns['number'] %}
    select
        cast(null as {{ dbt.type_string() }}) as slice_id,
        cast(null as {{ dbt.type_string() }}) as model_id,
        cast(null as {{ dbt.type_string() }}) as attribute,
        cast(null as {{ number_type() }}) as attribute_number,
        cast(null as {{ dbt.type_int() }}) as band,
        cast(null as {{ dbt.type_string() }}) as lead_id,
        cast(null as date) as scored_as_of
    where 1 = 0
    {%- endif %}

),

band_bounds as (

    select
        slice_id,
        model_id,
        attribute,
        band,
        min(attribute_number) as band_low,
        max(attribute_number) as band_high

    from attribute_bands
    group by 1, 2, 3, 4

),

snapshot_events as (

    select
        snapshots.slice_id,
        snapshots.model_id,
        snapshots.lead_id,
        snapshots.scored_as_of,
        events.event_type,
        {{ event_attribute_list('events.') }}

    from snapshots
    inner join events
        on snapshots.lead_id = events.lead_id
        and events.event_date <= snapshots.scored_as_of
        and events.event_date > {{ dbt.dateadd('day', -lookback_days, 'snapshots.scored_as_of') }}

),

event_attribute_values as (

    {%- for attribute in event_attributes %}
    select
        slice_id,
        model_id,
        {{ dbt.concat(['event_type', "': " ~ attribute ~ "'"]) }} as attribute,
        cast({{ attribute }} as {{ dbt.type_string() }}) as attribute_value,
        lead_id,
        scored_as_of

    from snapshot_events
    where {{ attribute }} is not null
    union all
    {%- endfor %}
    select
        slice_id,
        model_id,
        'event_type' as attribute,
        event_type as attribute_value,
        lead_id,
        scored_as_of

    from snapshot_events

),

candidate_values as (

    select 'lead_attribute' as signal_kind, attribute_values.* from attribute_values
    union all
    select 'event' as signal_kind, event_attribute_values.* from event_attribute_values

),

candidate_value_hits as (

    select distinct * from candidate_values

),

candidate_values_ranked as (

    select
        slice_id,
        model_id,
        signal_kind,
        attribute,
        attribute_value,
        row_number() over (
            partition by slice_id, model_id, signal_kind, attribute
            order by count(*) desc, attribute_value
        ) as value_rank

    from candidate_value_hits
    group by 1, 2, 3, 4, 5

),

candidate_signal_hits as (

    select
        candidate_value_hits.slice_id,
        candidate_value_hits.model_id,
        candidate_value_hits.signal_kind,
        case
            when candidate_value_hits.attribute = 'event_type' then candidate_value_hits.attribute_value
            else {{ dbt.concat(['candidate_value_hits.attribute', "' = '", 'candidate_value_hits.attribute_value']) }}
        end as signal_id,
        candidate_value_hits.lead_id,
        candidate_value_hits.scored_as_of

    from candidate_value_hits
    inner join candidate_values_ranked
        on candidate_value_hits.slice_id = candidate_values_ranked.slice_id
        and candidate_value_hits.model_id = candidate_values_ranked.model_id
        and candidate_value_hits.signal_kind = candidate_values_ranked.signal_kind
        and candidate_value_hits.attribute = candidate_values_ranked.attribute
        and candidate_value_hits.attribute_value = candidate_values_ranked.attribute_value
    where candidate_values_ranked.value_rank <= {{ top_values }}
        or candidate_value_hits.attribute = 'event_type'

    union all

    select
        attribute_bands.slice_id,
        attribute_bands.model_id,
        'lead_attribute' as signal_kind,
        {{ dbt.concat([
            'attribute_bands.attribute', "' in ['",
            'cast(band_bounds.band_low as ' ~ dbt.type_string() ~ ')', "', '",
            'cast(band_bounds.band_high as ' ~ dbt.type_string() ~ ')', "']'",
        ]) }} as signal_id,
        attribute_bands.lead_id,
        attribute_bands.scored_as_of

    from attribute_bands
    inner join band_bounds
        on attribute_bands.slice_id = band_bounds.slice_id
        and attribute_bands.model_id = band_bounds.model_id
        and attribute_bands.attribute = band_bounds.attribute
        and attribute_bands.band = band_bounds.band

),

signal_hits as (

    select slice_id, model_id, 'rule' as signal_kind, signal_id, lead_id, scored_as_of
    from rule_signal_hits

    union all

    {#- Distinct: bands whose bounds coincide (a value filling two bands) are one signal. #}
    select distinct slice_id, model_id, signal_kind, signal_id, lead_id, scored_as_of
    from candidate_signal_hits

),

signal_strata as (

    select
        signal_hits.slice_id,
        signal_hits.model_id,
        signal_hits.signal_kind,
        signal_hits.signal_id,
        snapshots.tenure_band,
        count(*) as snapshots_with,
        sum(snapshots.is_converted) as conversions_with

    from signal_hits
    inner join snapshots
        on signal_hits.slice_id = snapshots.slice_id
        and signal_hits.model_id = snapshots.model_id
        and signal_hits.lead_id = snapshots.lead_id
        and signal_hits.scored_as_of = snapshots.scored_as_of
    group by 1, 2, 3, 4, 5

),

mantel_haenszel_terms as (

    {#- Per tenure band: a, n1 with the signal; c, n0 without; n all. A band without the signal
        adds nothing to any of the sums, so only bands with it are needed. #}
    select
        signal_strata.slice_id,
        signal_strata.model_id,
        signal_strata.signal_kind,
        signal_strata.signal_id,
        signal_strata.snapshots_with,
        signal_strata.conversions_with,
        signal_strata.conversions_with * (strata_totals.snapshots - signal_strata.snapshots_with)
            / cast(strata_totals.snapshots as {{ number_type() }}) as weighted_with,
        (strata_totals.conversions - signal_strata.conversions_with) * signal_strata.snapshots_with
            / cast(strata_totals.snapshots as {{ number_type() }}) as weighted_without,
        (
            signal_strata.snapshots_with * (strata_totals.snapshots - signal_strata.snapshots_with)
                * cast(strata_totals.conversions as {{ number_type() }})
            - signal_strata.conversions_with * (strata_totals.conversions - signal_strata.conversions_with)
                * cast(strata_totals.snapshots as {{ number_type() }})
        ) / (cast(strata_totals.snapshots as {{ number_type() }}) * strata_totals.snapshots) as variance_term

    from signal_strata
    inner join strata_totals
        on signal_strata.slice_id = strata_totals.slice_id
        and signal_strata.model_id = strata_totals.model_id
        and signal_strata.tenure_band = strata_totals.tenure_band

),

signal_counts as (

    select
        slice_id,
        model_id,
        signal_kind,
        signal_id,
        sum(snapshots_with) as snapshots_with,
        sum(conversions_with) as conversions_with,
        sum(weighted_with) as weighted_with,
        sum(weighted_without) as weighted_without,
        sum(variance_term) as variance_term

    from mantel_haenszel_terms
    group by 1, 2, 3, 4

),

signals as (

    {#- Every active rule in every slice with snapshots of its model, fired or not. #}
    select
        model_totals.slice_id,
        rule_signals.model_id,
        rule_signals.signal_kind,
        rule_signals.signal_id,
        rule_signals.rule_id,
        rule_signals.category,
        rule_signals.description

    from rule_signals
    inner join model_totals
        on rule_signals.model_id = model_totals.model_id

    union all

    select distinct
        slice_id,
        model_id,
        signal_kind,
        signal_id,
        cast(null as {{ dbt.type_string() }}) as rule_id,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as description

    from signal_counts
    where signal_kind <> 'rule'

),

signal_outcomes as (

    select
        signals.*,
        model_totals.snapshots as model_snapshots,
        model_totals.conversions as model_conversions,
        coalesce(signal_counts.snapshots_with, 0) as snapshots_with,
        coalesce(signal_counts.conversions_with, 0) as conversions_with,
        model_totals.snapshots - coalesce(signal_counts.snapshots_with, 0) as snapshots_without,
        model_totals.conversions - coalesce(signal_counts.conversions_with, 0) as conversions_without,
        coalesce(signal_counts.weighted_with, 0) as weighted_with,
        coalesce(signal_counts.weighted_without, 0) as weighted_without,
        coalesce(signal_counts.variance_term, 0) as variance_term

    from signals
    inner join model_totals
        on signals.slice_id = model_totals.slice_id
        and signals.model_id = model_totals.model_id
    left join signal_counts
        on signals.slice_id = signal_counts.slice_id
        and signals.model_id = signal_counts.model_id
        and signals.signal_kind = signal_counts.signal_kind
        and signals.signal_id = signal_counts.signal_id

),

rates as (

    select
        *,
        case when snapshots_with > 0 then conversions_with / cast(snapshots_with as {{ number_type() }}) end as rate_with,
        case when snapshots_without > 0 then conversions_without / cast(snapshots_without as {{ number_type() }}) end as rate_without,
        {#- The crude fallback: 0.5 more conversions on both sides keeps the log finite. #}
        case when conversions_with = 0 or conversions_without = 0 then 0.5 else 0 end as zero_correction

    from signal_outcomes

),

intervals as (

    select
        *,
        {{ wilson_bound('conversions_with', 'snapshots_with', z, 'lower') }} as rate_with_low,
        {{ wilson_bound('conversions_with', 'snapshots_with', z, 'upper') }} as rate_with_high,
        case
            when weighted_with > 0 and weighted_without > 0
                then ln(weighted_with / weighted_without)
            when snapshots_with > 0 and snapshots_without > 0 and conversions_with + conversions_without > 0
                then ln(
                    ((conversions_with + zero_correction) / cast(snapshots_with + zero_correction as {{ number_type() }}))
                    / ((conversions_without + zero_correction) / cast(snapshots_without + zero_correction as {{ number_type() }}))
                )
        end as log_adjusted_lift,
        case
            when weighted_with > 0 and weighted_without > 0
                then sqrt(greatest(variance_term, 0) / (weighted_with * weighted_without))
            when snapshots_with > 0 and snapshots_without > 0 and conversions_with + conversions_without > 0
                then sqrt(
                    1.0 / (conversions_with + zero_correction) - 1.0 / (snapshots_with + zero_correction)
                    + 1.0 / (conversions_without + zero_correction) - 1.0 / (snapshots_without + zero_correction)
                )
        end as log_adjusted_lift_error

    from rates

),

judged as (

    select
        *,
        case when rate_without > 0 then rate_with / rate_without end as lift,
        case
            when weighted_with > 0 and weighted_without > 0 then exp(log_adjusted_lift)
            when rate_without > 0 then rate_with / rate_without
        end as adjusted_lift,
        exp(log_adjusted_lift - {{ z }} * log_adjusted_lift_error) as adjusted_lift_low,
        exp(log_adjusted_lift + {{ z }} * log_adjusted_lift_error) as adjusted_lift_high,
        case
            when snapshots_with < {{ min_snapshots }}
                or snapshots_without < {{ min_snapshots }}
                or model_conversions < {{ min_conversions }}
                or log_adjusted_lift_error is null
                then 'unknown'
            when log_adjusted_lift - {{ z }} * log_adjusted_lift_error > 0 then 'raises'
            when log_adjusted_lift + {{ z }} * log_adjusted_lift_error < 0 then 'lowers'
            else 'none'
        end as effect_direction

    from intervals

),

final as (

    select
        slice_id,
        model_id,
        signal_kind,
        signal_id,
        rule_id,
        category,
        description,
        cast(snapshots_with as {{ dbt.type_bigint() }}) as snapshots_with,
        cast(conversions_with as {{ dbt.type_bigint() }}) as conversions_with,
        cast(rate_with as {{ number_type() }}) as rate_with,
        cast(rate_with_low as {{ number_type() }}) as rate_with_low,
        cast(rate_with_high as {{ number_type() }}) as rate_with_high,
        cast(snapshots_without as {{ dbt.type_bigint() }}) as snapshots_without,
        cast(conversions_without as {{ dbt.type_bigint() }}) as conversions_without,
        cast(rate_without as {{ number_type() }}) as rate_without,
        cast(lift as {{ number_type() }}) as lift,
        cast(adjusted_lift as {{ number_type() }}) as adjusted_lift,
        cast(adjusted_lift_low as {{ number_type() }}) as adjusted_lift_low,
        cast(adjusted_lift_high as {{ number_type() }}) as adjusted_lift_high,
        cast(
            case when model_conversions > 0 then conversions_with / cast(model_conversions as {{ number_type() }}) end
            as {{ number_type() }}
        ) as conversion_coverage,
        effect_direction,
        case
            when effect_direction = 'unknown' then 'insufficient_data'
            when effect_direction = 'none' then 'no_measurable_effect'
            when signal_kind <> 'rule' then 'predictive'
            when (effect_direction = 'lowers') = (category = 'negative') then 'predictive'
            else 'works_against_conversion'
        end as verdict,
        {{ score_date() }} as evaluated_as_of

    from judged

)

select * from final
