"""The common release schedule as a constraint problem, solved by OR-Tools CP-SAT.

Plain data in, plain data out: no database here, so the worker's task, the benchmark and the
tests all call ``solve()`` the same way.

The model: one boolean per story and allowed day. A story's allowed days are the channel's
release days in the window, not before its cut is ready plus the review time, not on the dates
the site cannot do. Pinned stories and those already released are fixed. Every story gets
exactly one day; a day takes at most ``per_day`` stories; days used are at least
``min_gap_days`` apart. The objective, in priority order: move as few stories as possible from
the version we compare with (a slipped story should not reshuffle the channel), keep the worst
site's disappointment small (fairness), honour each site's order of preferences, keep one
site's stories apart, and then prefer earlier weeks (only to make ties stable).

Before solving, simple counts explain most infeasible inputs in words (too few release days,
a story ready too late, pins on one day); whatever they miss is explained from the solver's
status with the same numbers.
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

UNIT = 10_000  # one step down a site's list of preferences
OUT_OF_PREFERENCE = 10 * UNIT
CHANGE = 1_000 * UNIT
FAIRNESS = 5
SPACING = 3 * UNIT


@dataclass(frozen=True)
class Rules:
    window_start: datetime.date
    window_end: datetime.date
    weekdays: tuple[int, ...] = (2, 4)  # ISO: 1 is Monday
    per_day: int = 1
    min_gap_days: int = 1
    review_days: int = 7
    site_spacing_days: int = 14
    reserved: frozenset[datetime.date] = frozenset()

    def release_days(self) -> list[datetime.date]:
        days = []
        day = self.window_start
        while day <= self.window_end:
            if day.isoweekday() in self.weekdays and day not in self.reserved:
                days.append(day)
            day += datetime.timedelta(days=1)
        return days


@dataclass(frozen=True)
class StoryInput:
    key: int
    site: int
    label: str  # «Республика Татарстан: «Название»» for explanations
    ready_on: datetime.date | None = None
    preferences: tuple[tuple[datetime.date, datetime.date], ...] = ()
    avoid: tuple[tuple[datetime.date, datetime.date], ...] = ()
    pinned_on: datetime.date | None = None
    released_on: datetime.date | None = None
    baseline_on: datetime.date | None = None

    @property
    def fixed_on(self) -> datetime.date | None:
        return self.released_on or self.pinned_on

    def earliest(self, rules: Rules) -> datetime.date:
        if self.ready_on is None:
            return rules.window_start
        return max(rules.window_start, self.ready_on + datetime.timedelta(days=rules.review_days))

    def avoids(self, day: datetime.date) -> bool:
        return any(start <= day <= end for start, end in self.avoid)

    def rank_of(self, day: datetime.date) -> int | None:
        for index, (start, end) in enumerate(self.preferences, start=1):
            if start <= day <= end:
                return index
        return None


@dataclass(frozen=True)
class Placement:
    key: int
    release_on: datetime.date
    preference_rank: int | None
    pinned: bool = False
    released: bool = False
    moved_from: datetime.date | None = None

    @property
    def moved(self) -> bool:
        return self.moved_from is not None and self.moved_from != self.release_on


@dataclass
class SolveResult:
    feasible: bool
    placements: list[Placement] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    status: str = ""
    seconds: float = 0.0

    @property
    def changed(self) -> int:
        return sum(1 for p in self.placements if p.moved)

    @property
    def message(self) -> str:
        return "\n".join(self.reasons)


def _d(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def _plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        word = one
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = few
    else:
        word = many
    return f"{n} {word}"


def stories_word(n: int) -> str:
    return _plural(n, "сюжет", "сюжета", "сюжетов")


def dates_word(n: int) -> str:
    return _plural(n, "допустимая дата", "допустимые даты", "допустимых дат")


def max_release_days(days: Sequence[datetime.date], gap: int) -> int:
    """How many of ``days`` can be used at once when used days are ``gap`` apart (greedy is
    optimal on a line)."""
    count, last = 0, None
    for day in sorted(days):
        if last is None or (day - last).days >= gap:
            count += 1
            last = day
    return count


def _allowed(story: StoryInput, rules: Rules, days: Sequence[datetime.date]) -> list:
    earliest = story.earliest(rules)
    return [d for d in days if d >= earliest and not story.avoids(d)]


def explain(stories: Sequence[StoryInput], rules: Rules) -> list[str]:
    """Reasons, in words, why no schedule can exist; [] when the counts do not rule one out."""
    reasons: list[str] = []
    days = rules.release_days()
    free = [s for s in stories if s.fixed_on is None]
    fixed = [s for s in stories if s.fixed_on is not None]

    if not days and free:
        reasons.append(
            f"В окне {_d(rules.window_start)}–{_d(rules.window_end)} нет ни одного дня выпуска: "
            "проверьте дни недели и занятые даты."
        )
        return reasons

    by_day: dict[datetime.date, list[StoryInput]] = defaultdict(list)
    for story in fixed:
        by_day[story.fixed_on].append(story)
    for day, on_day in sorted(by_day.items()):
        if len(on_day) > rules.per_day:
            reasons.append(
                f"На {_d(day)} закреплено или уже вышло {stories_word(len(on_day))}, а в день "
                f"выходит не больше {rules.per_day}."
            )
    fixed_days = sorted(by_day)
    for earlier, later in zip(fixed_days, fixed_days[1:], strict=False):
        if (later - earlier).days < rules.min_gap_days:
            reasons.append(
                f"Закреплённые даты {_d(earlier)} и {_d(later)} ближе, чем "
                f"{rules.min_gap_days} дн. между днями выпуска."
            )
    for story in fixed:
        if story.pinned_on and not story.released_on:
            if not rules.window_start <= story.pinned_on <= rules.window_end:
                reasons.append(
                    f"«{story.label}» закреплён на {_d(story.pinned_on)} — вне окна "
                    f"{_d(rules.window_start)}–{_d(rules.window_end)}."
                )

    for story in free:
        if not _allowed(story, rules, days):
            earliest = story.earliest(rules)
            if earliest > rules.window_end or not [d for d in days if d >= earliest]:
                ready = (
                    f"готов {_d(story.ready_on)}, с приёмкой ({rules.review_days} дн.) — "
                    if story.ready_on
                    else ""
                )
                reasons.append(
                    f"«{story.label}»: {ready}не раньше {_d(earliest)}, а дней выпуска с этой "
                    f"даты до {_d(rules.window_end)} нет."
                )
            else:
                reasons.append(
                    f"«{story.label}»: все дни выпуска после готовности попадают в даты, когда "
                    "площадка не может."
                )
    if reasons:
        return reasons

    blocked = set(fixed_days)
    open_days = [d for d in days if all(abs((d - f).days) >= rules.min_gap_days for f in blocked)]
    room_days = max_release_days(open_days, rules.min_gap_days)
    spare = sum(max(0, rules.per_day - len(by_day[d])) for d in fixed_days)
    capacity = room_days * rules.per_day + spare
    if len(free) > capacity:
        in_window = f"в окне шага {_d(rules.window_start)}–{_d(rules.window_end)}"
        if rules.per_day == 1 and rules.min_gap_days == 1 and not fixed:
            reasons.append(f"{stories_word(len(free))}, {dates_word(capacity)} {in_window}.")
        else:
            reasons.append(
                f"{stories_word(len(free))} ждут даты, а {in_window} по правилам "
                f"(дни недели, не больше {rules.per_day} в день, между днями выпуска не меньше "
                f"{rules.min_gap_days} дн., занятые и закреплённые даты) помещается "
                f"{stories_word(capacity)}."
            )
        return reasons

    # Hall's condition on readiness: the stories that can only go late must fit the late days.
    for threshold in sorted({s.earliest(rules) for s in free}, reverse=True):
        late = [s for s in free if s.earliest(rules) >= threshold]
        late_days = [d for d in open_days if d >= threshold]
        late_capacity = max_release_days(late_days, rules.min_gap_days) * rules.per_day + sum(
            max(0, rules.per_day - len(by_day[d])) for d in fixed_days if d >= threshold
        )
        if len(late) > late_capacity:
            reasons.append(
                f"С {_d(threshold)} должны выйти {stories_word(len(late))} (раньше они не "
                f"готовы с учётом {rules.review_days} дн. на приёмку), а дат выпуска с этого дня "
                f"до {_d(rules.window_end)} хватает на {stories_word(late_capacity)}."
            )
            return reasons
    return reasons


def _cost(story: StoryInput, day: datetime.date, first_day: datetime.date) -> int:
    """How much a story's site minds ``day``: 0 for its first choice, more down its list, a lot
    outside it (more the further away); plus a tiny push towards earlier weeks for stable ties."""
    tie = (day - first_day).days // 7
    if not story.preferences:
        return tie
    rank = story.rank_of(day)
    if rank is not None:
        return 2 * (rank - 1) * UNIT + tie
    distance = min(
        min(abs((day - start).days), abs((day - end).days)) for start, end in story.preferences
    )
    return OUT_OF_PREFERENCE + min(distance, 60) * UNIT // 10 + tie


def _start_plan(
    free: Sequence[StoryInput],
    rules: Rules,
    costs: dict[int, dict[datetime.date, int]],
    fixed_count: dict[datetime.date, int],
) -> dict[int, datetime.date]:
    """A good plan to start from. With no gap rule the problem without fairness and spacing is
    a transportation problem, solved exactly by OR-Tools' min-cost flow in milliseconds; with
    a gap rule, a greedy pass (stories with the fewest choices first)."""
    if rules.min_gap_days <= 1:
        flow = min_cost_flow.SimpleMinCostFlow()
        day_list = sorted({d for options in costs.values() for d in options})
        day_node = {day: 1 + len(free) + i for i, day in enumerate(day_list)}
        sink = 1 + len(free) + len(day_list)
        for index, story in enumerate(free, start=1):
            flow.add_arc_with_capacity_and_unit_cost(0, index, 1, 0)
            for day, cost in costs[story.key].items():
                flow.add_arc_with_capacity_and_unit_cost(index, day_node[day], 1, cost)
        for day, node in day_node.items():
            room = rules.per_day - fixed_count.get(day, 0)
            if room > 0:
                flow.add_arc_with_capacity_and_unit_cost(node, sink, room, 0)
        flow.set_node_supply(0, len(free))
        flow.set_node_supply(sink, -len(free))
        if flow.solve() == flow.OPTIMAL:
            node_day = {node: day for day, node in day_node.items()}
            plan = {}
            for arc in range(flow.num_arcs()):
                tail, head = flow.tail(arc), flow.head(arc)
                if 1 <= tail <= len(free) and head in node_day and flow.flow(arc):
                    plan[free[tail - 1].key] = node_day[head]
            return plan
    load: dict[datetime.date, int] = defaultdict(int, fixed_count)
    used_days = set(fixed_count)
    plan = {}
    for story in sorted(free, key=lambda s: (len(costs[s.key]), s.earliest(rules), s.key)):
        for day in sorted(costs[story.key], key=lambda d: (costs[story.key][d], d)):
            if load[day] >= rules.per_day:
                continue
            if rules.min_gap_days > 1 and day not in used_days:
                if any(abs((day - u).days) < rules.min_gap_days for u in used_days):
                    continue
            plan[story.key] = day
            load[day] += 1
            used_days.add(day)
            break
    return plan


def solve(
    stories: Iterable[StoryInput],
    rules: Rules,
    *,
    time_limit: float = 3.0,
    workers: int = 2,
) -> SolveResult:
    """Assign every story a release date, or say why none can be found."""
    started = time.perf_counter()
    stories = list(stories)
    reasons = explain(stories, rules)
    if reasons:
        return SolveResult(False, reasons=reasons, status="precheck", seconds=0.0)

    days = rules.release_days()
    free = [s for s in stories if s.fixed_on is None]
    fixed = [s for s in stories if s.fixed_on is not None]
    fixed_count: dict[datetime.date, int] = defaultdict(int)
    for story in fixed:
        fixed_count[story.fixed_on] += 1
    first_day = min([rules.window_start, *fixed_count])

    # Costs per story and allowed day; moving a story off its date in the version we compare
    # with costs more than anything else, so a re-solve moves as few as possible.
    costs: dict[int, dict[datetime.date, int]] = {}
    preference_costs: dict[int, dict[datetime.date, int]] = {}
    for story in free:
        costs[story.key] = {}
        preference_costs[story.key] = {}
        for day in _allowed(story, rules, days):
            preference = _cost(story, day, first_day)
            preference_costs[story.key][day] = preference
            change = CHANGE if story.baseline_on is not None and day != story.baseline_on else 0
            costs[story.key][day] = preference + change

    model = cp_model.CpModel()
    choice: dict[int, dict[datetime.date, cp_model.IntVar]] = {}
    for story in free:
        choice[story.key] = {
            day: model.new_bool_var(f"x{story.key}_{day:%m%d}") for day in costs[story.key]
        }
        model.add_exactly_one(choice[story.key].values())
    objective = [
        cost * choice[key][day] for key, by_day in costs.items() for day, cost in by_day.items()
    ]

    # Capacity per day and the gap between days used.
    used: dict[datetime.date, cp_model.IntVar] = {}
    for day in sorted(set(days) | set(fixed_count)):
        on_day = [choice[s.key][day] for s in free if day in choice[s.key]]
        room = rules.per_day - fixed_count.get(day, 0)
        if rules.min_gap_days <= 1:
            if len(on_day) > room:
                model.add(sum(on_day) <= room)
            continue
        if fixed_count.get(day):
            model.add(sum(on_day) <= room)
            used[day] = model.new_constant(1)
        elif on_day:
            flag = model.new_bool_var(f"used_{day:%m%d}")
            model.add(sum(on_day) <= rules.per_day * flag)
            used[day] = flag
    used_days = sorted(used)
    for index, day in enumerate(used_days):
        window = [used[day]]
        for later in used_days[index + 1 :]:
            if (later - day).days >= rules.min_gap_days:
                break
            window.append(used[later])
        if len(window) > 1:
            model.add(sum(window) <= 1)

    # Fairness: a site's second disappointment weighs more than another site's first, so the
    # out-of-preference dates are spread over the sites rather than heaped on one.
    by_site: dict[int, list[StoryInput]] = defaultdict(list)
    for story in stories:
        by_site[story.site].append(story)
    missed_by_site: dict[int, tuple[list[StoryInput], cp_model.IntVar]] = {}
    for site, site_stories in by_site.items():
        missed = []
        for story in site_stories:
            if story.fixed_on is not None or not story.preferences:
                continue
            outside = [var for day, var in choice[story.key].items() if story.rank_of(day) is None]
            if outside:
                missed.append(sum(outside))
        if len(missed) > 1:
            extra = model.new_int_var(0, len(missed), f"extra{site}")
            model.add(extra >= sum(missed) - 1)
            objective.append(FAIRNESS * OUT_OF_PREFERENCE * extra)
            missed_by_site[site] = (site_stories, extra)

    # Keep one site's stories apart (softly): a pair closer than the spacing costs once.
    closeness: list[tuple[StoryInput, StoryInput, cp_model.IntVar]] = []
    if rules.site_spacing_days > 1:
        for site_stories in by_site.values():
            for i, first in enumerate(site_stories):
                for second in site_stories[i + 1 :]:
                    if first.fixed_on is not None and second.fixed_on is not None:
                        continue
                    if first.fixed_on is not None:
                        first, second = second, first
                    close = model.new_bool_var(f"close{first.key}_{second.key}")
                    closeness.append((first, second, close))
                    objective.append(SPACING * close)
                    for day, var in choice[first.key].items():
                        if second.fixed_on is not None:
                            if abs((second.fixed_on - day).days) < rules.site_spacing_days:
                                model.add_implication(var, close)
                            continue
                        near = [
                            other
                            for other_day, other in choice[second.key].items()
                            if abs((other_day - day).days) < rules.site_spacing_days
                        ]
                        if near:
                            model.add(var + sum(near) <= 1 + close)
    model.minimize(sum(objective))

    # Start from the flow (or greedy) plan: a complete hint gives a feasible answer at once.
    plan = _start_plan(free, rules, costs, fixed_count)
    if len(plan) == len(free):
        for key, by_day in choice.items():
            for day, var in by_day.items():
                model.add_hint(var, plan[key] == day)
        dates = {s.key: s.fixed_on for s in fixed} | plan
        for first, second, close in closeness:
            gap = abs((dates[first.key] - dates[second.key]).days)
            model.add_hint(close, gap < rules.site_spacing_days)
        for site_stories, extra in missed_by_site.values():
            missed = sum(
                1
                for story in site_stories
                if story.key in plan
                and story.preferences
                and story.rank_of(plan[story.key]) is None
            )
            model.add_hint(extra, max(0, missed - 1))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = 7
    status = solver.solve(model)
    elapsed = time.perf_counter() - started
    status_name = solver.status_name(status)
    if status == cp_model.UNKNOWN and len(plan) == len(free):
        # Out of time before the solver reported: the starting plan is valid, keep it.
        return SolveResult(
            True,
            placements=_placements(fixed, free, plan),
            status="START_PLAN",
            seconds=elapsed,
        )
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if status == cp_model.INFEASIBLE:
            room = max_release_days(days, rules.min_gap_days) * rules.per_day
            reason = (
                f"Правила и предложения не выполнить вместе: {stories_word(len(free))} ждут "
                f"даты, в окне {_d(rules.window_start)}–{_d(rules.window_end)} помещается "
                f"{stories_word(room)}, но с учётом готовности, дат «нельзя» и закреплённых "
                "сюжетов места не хватает. Снимите закрепление, расширьте окно или добавьте "
                "дни выпуска."
            )
        else:
            reason = (
                f"Решатель не нашёл графика за {time_limit:g} с. Повторите расчёт или "
                "упростите правила."
            )
        return SolveResult(False, reasons=[reason], status=status_name, seconds=elapsed)

    chosen = {
        story.key: next(d for d, v in choice[story.key].items() if solver.boolean_value(v))
        for story in free
    }
    return SolveResult(
        True, placements=_placements(fixed, free, chosen), status=status_name, seconds=elapsed
    )


def _placements(
    fixed: Sequence[StoryInput], free: Sequence[StoryInput], chosen: dict[int, datetime.date]
) -> list[Placement]:
    placements: list[Placement] = []
    for story in fixed:
        placements.append(
            Placement(
                key=story.key,
                release_on=story.fixed_on,
                preference_rank=story.rank_of(story.fixed_on),
                pinned=story.pinned_on is not None and story.released_on is None,
                released=story.released_on is not None,
                moved_from=story.baseline_on,
            )
        )
    for story in free:
        day = chosen[story.key]
        placements.append(
            Placement(
                key=story.key,
                release_on=day,
                preference_rank=story.rank_of(day),
                moved_from=story.baseline_on,
            )
        )
    placements.sort(key=lambda p: (p.release_on, p.key))
    return placements
