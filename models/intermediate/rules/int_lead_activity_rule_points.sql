{#-
    Lead × model × activity rule (a behaviour threshold: "visited /pricing at least 3 times in 14
    days", "10+ minutes on site in 30 days"): the rule fires once when the measure of the lead's
    matching events within a window of activity_window_days days reaches activity_threshold.

    The measure of the window ending on a day only grows on days with matching events and only
    shrinks as days leave it, so the bound is met on some day exactly when it is met on a day
    with events. The rule's points decay from the last such day on or before score_date (the
    moment the bound was last met) with the rule's decay method, times the inbound/outbound
    weight for engagement rules. From the daily counts, as of score_date only.
-#}
with rules as (

    select * from {{ ref('int_scoring_rules') }}
    where activity_measure is not null

),

activity_days as (

    select
        daily_matches.lead_id,
        daily_matches.rule_key,
        daily_matches.event_date,
        daily_matches.event_count,
        daily_matches.value_sum,
        daily_matches.first_event_at,
        daily_matches.last_event_at

    from {{ ref('int_lead_rule_daily_matches') }} as daily_matches
    inner join rules
        on daily_matches.rule_key = rules.rule_key
    where daily_matches.event_date <= {{ score_date() }}

),

windows as (

    {#- Each day with events closes a window of the rule's length; its days sum. -#}
    select
        window_ends.lead_id,
        window_ends.rule_key,
        window_ends.event_date as window_end,
        sum(window_days.event_count) as window_event_count,
        sum(coalesce(window_days.value_sum, 0)) as window_value_sum,
        count(*) as window_day_count,
        min(window_days.first_event_at) as window_first_event_at,
        max(window_days.last_event_at) as window_last_event_at

    from activity_days as window_ends
    inner join rules
        on window_ends.rule_key = rules.rule_key
    inner join activity_days as window_days
        on window_ends.lead_id = window_days.lead_id
        and window_ends.rule_key = window_days.rule_key
        and window_days.event_date <= window_ends.event_date
        and {{ dbt.datediff('window_days.event_date', 'window_ends.event_date', 'day') }} < rules.activity_window_days
    group by 1, 2, 3

),

windows_met as (

    select
        windows.*,
        row_number() over (
            partition by windows.lead_id, windows.rule_key
            order by windows.window_end desc
        ) as recency_rank

    from windows
    inner join rules
        on windows.rule_key = rules.rule_key
    where case rules.activity_measure
        when 'count' then windows.window_event_count
        when 'value_sum' then windows.window_value_sum
        else windows.window_day_count
    end >= rules.activity_threshold

),

last_met as (

    select
        windows_met.*,
        {{ dbt.datediff('windows_met.window_end', score_date(), 'day') }} as age_days

    from windows_met
    where windows_met.recency_rank = 1

),

scoring_models as (

    select * from {{ ref('int_scoring_models') }}

),

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

points_decayed as (

    select
        last_met.lead_id,
        rules.model_id,
        rules.rule_id,
        last_met.window_event_count as event_count,
        last_met.window_first_event_at as first_event_at,
        last_met.window_last_event_at as last_event_at,
        rules.points as raw_points,
        rules.points
            * {{ decay_factor('rules.decay_method', 'last_met.age_days', 'rules.decay_days', 'rules.decay_step_multiplier') }}
            * {{ direction_weight('rules.category', 'leads.lead_direction', 'scoring_models') }} as decayed_points

    from last_met
    inner join rules
        on last_met.rule_key = rules.rule_key
    inner join scoring_models
        on rules.model_id = scoring_models.model_id
    inner join leads
        on last_met.lead_id = leads.lead_id

),

final as (

    select
        lead_id,
        model_id,
        rule_id,
        cast(event_count as {{ dbt.type_bigint() }}) as event_count,
        cast(event_count as {{ dbt.type_bigint() }}) as counted_event_count,
        first_event_at,
        last_event_at,
        {{ points('raw_points') }} as raw_points,
        {{ points('decayed_points') }} as decayed_points,
        {{ points('decayed_points') }} as rule_points

    from points_decayed

)

select * from final
