{#-
    Lead × model × event rule: each matching event's points after diminishing returns on repeats
    (the k-th most recent counts repeat_multiplier^(k-1), beyond max_occurrences nothing), decay
    with its age on score_date, and the inbound/outbound weight; summed, then capped per rule.

    Computed from daily counts (int_lead_rule_daily_matches), exactly: the n events of one day
    all have that day's age, and if c more recent events came before them they are the
    (c+1)-th to (c+n)-th most recent, so together they count
        sum of r^(k-1) for k = c+1 .. min(c+n, max_occurrences) = (r^c - r^(c+m)) / (1 - r)
    (m = the events of the day still within max_occurrences; m itself when r = 1).
-#}
with daily_matches as (

    {#- Without the bookkeeping column, which the ranking below would otherwise carry. -#}
    select
        lead_id,
        rule_key,
        event_date,
        event_count,
        first_event_at,
        last_event_at

    from {{ ref('int_lead_rule_daily_matches') }}
    where event_date <= {{ score_date() }}
        and rule_key in (select rule_key from {{ ref('int_scoring_rules') }} where activity_measure is null)

),

rules as (

    {#- Activity rules fire once on an aggregate (int_lead_activity_rule_points). -#}
    select * from {{ ref('int_scoring_rules') }}
    where activity_measure is null

),

scoring_models as (

    select * from {{ ref('int_scoring_models') }}

),

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

days_ranked as (

    {#- Ranked by the integer rule_key: partitioning 42M days by it rather than by two text ids
        made the window about twice as fast at 1M leads. -#}
    select
        daily_matches.*,
        {#- bigint, not the numeric a Postgres sum gives, so power() stays in double precision. -#}
        cast(coalesce(
            sum(daily_matches.event_count) over (
                partition by daily_matches.lead_id, daily_matches.rule_key
                order by daily_matches.event_date desc nulls last
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as {{ dbt.type_bigint() }}) as more_recent_event_count,
        {{ dbt.datediff('daily_matches.event_date', score_date(), 'day') }} as age_days

    from daily_matches

),

days_counted as (

    {#- The rule's parameters join the days once, after the ranking (carrying them through the
        window would make its sort heavier), for this step and the next. -#}
    select
        days_ranked.*,
        rules.repeat_multiplier,
        rules.decay_method,
        rules.decay_days,
        rules.decay_step_multiplier,
        case
            when rules.max_occurrences is null then days_ranked.event_count
            else greatest(0, least(days_ranked.event_count, rules.max_occurrences - days_ranked.more_recent_event_count))
        end as counted_event_count

    from days_ranked
    inner join rules
        on days_ranked.rule_key = rules.rule_key

),

days_weighted as (

    select
        days_counted.lead_id,
        days_counted.rule_key,
        days_counted.event_count,
        days_counted.counted_event_count,
        days_counted.first_event_at,
        days_counted.last_event_at,
        case
            when days_counted.counted_event_count = 0 then 0
            when days_counted.repeat_multiplier = 1 then days_counted.counted_event_count
            else (
                power(days_counted.repeat_multiplier, days_counted.more_recent_event_count)
                - power(days_counted.repeat_multiplier, days_counted.more_recent_event_count + days_counted.counted_event_count)
            ) / (1 - days_counted.repeat_multiplier)
        end as repeat_factor,
        {{ decay_factor(
            'days_counted.decay_method', 'days_counted.age_days', 'days_counted.decay_days',
            'days_counted.decay_step_multiplier'
        ) }} as decay_factor

    from days_counted

),

rule_totals as (

    select
        lead_id,
        rule_key,
        sum(event_count) as event_count,
        sum(counted_event_count) as counted_event_count,
        min(first_event_at) as first_event_at,
        max(last_event_at) as last_event_at,
        sum(repeat_factor * decay_factor) as weighted_event_count

    from days_weighted
    group by 1, 2

),

rule_points_weighted as (

    {#- The lead's direction weight is the same for all of a rule's events, so it multiplies
        the sum: one join of the leads per lead x rule instead of one per lead x rule x day. -#}
    select
        rule_totals.lead_id,
        rules.model_id,
        rules.rule_id,
        rule_totals.event_count,
        rule_totals.counted_event_count,
        rule_totals.first_event_at,
        rule_totals.last_event_at,
        rules.points as points_per_event,
        rules.rule_cap,
        rules.points * rule_totals.weighted_event_count
            * {{ direction_weight('rules.category', 'leads.lead_direction', 'scoring_models') }} as decayed_points

    from rule_totals
    inner join rules
        on rule_totals.rule_key = rules.rule_key
    inner join scoring_models
        on rules.model_id = scoring_models.model_id
    inner join leads
        on rule_totals.lead_id = leads.lead_id

),

final as (

    select
        lead_id,
        model_id,
        rule_id,
        cast(event_count as {{ dbt.type_bigint() }}) as event_count,
        cast(counted_event_count as {{ dbt.type_bigint() }}) as counted_event_count,
        first_event_at,
        last_event_at,
        {{ points('points_per_event * event_count') }} as raw_points,
        {{ points('decayed_points') }} as decayed_points,
        {{ points('case
            when rule_cap is null then decayed_points
            when points_per_event > 0 then least(decayed_points, rule_cap)
            else greatest(decayed_points, rule_cap)
        end') }} as rule_points

    from rule_points_weighted

)

select * from final
