using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Tests.Runtime;

public sealed class RunTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Add_InAnyOrder_KeepsRunsSortedByTimeThenId()
    {
        var timeline = new RunTimeline(capacity: 1);
        timeline.Add(T0.AddMinutes(2), "c");
        timeline.Add(T0, "b");
        timeline.Add(T0.AddMinutes(5), "e");
        timeline.Add(T0, "a");
        timeline.Add(T0.AddMinutes(2), "d");

        Ids(timeline).Should().Equal("a", "b", "c", "d", "e");
    }

    [Fact]
    public void CountBefore_Cursor_CountsOnlyRunsBelowIt()
    {
        var timeline = new RunTimeline();
        timeline.Add(T0, "a");
        timeline.Add(T0, "b");
        timeline.Add(T0.AddMinutes(1), "c");

        timeline.CountBefore(null, null).Should().Be(3);
        timeline.CountBefore(T0, null).Should().Be(0, "no id sorts below the empty string: every run at that time is skipped");
        timeline.CountBefore(T0, "b").Should().Be(1);
        timeline.CountBefore(T0, "bb").Should().Be(2);
        timeline.CountBefore(T0.AddMinutes(1), null).Should().Be(2);
        timeline.CountBefore(T0.AddHours(1), null).Should().Be(3);
        timeline.CountBefore(T0.AddHours(-1), "z").Should().Be(0);
    }

    [Fact]
    public void Remove_IndexedRun_RemovesOnlyIt()
    {
        var timeline = new RunTimeline();
        timeline.Add(T0, "a");
        timeline.Add(T0, "b");
        timeline.Add(T0.AddMinutes(1), "c");

        timeline.Remove(T0, "b").Should().BeTrue();
        Ids(timeline).Should().Equal("a", "c");
        timeline.Remove(T0, "b").Should().BeFalse("it is gone");
        timeline.Remove(T0.AddMinutes(1), "a").Should().BeFalse("not indexed at that time");
        timeline.Remove(T0.AddHours(1), "zz").Should().BeFalse();
        Ids(timeline).Should().Equal("a", "c");
    }

    [Fact]
    public void Add_ManyOutOfOrder_MatchesASort()
    {
        var random = new Random(7);
        var timeline = new RunTimeline();
        var expected = new List<(long, string)>();
        for (int i = 0; i < 500; i++)
        {
            DateTimeOffset at = T0.AddSeconds(random.Next(100));
            string id = $"r{random.Next(1_000_000):000000}-{i}";
            timeline.Add(at, id);
            expected.Add((at.UtcTicks, id));
        }

        Ids(timeline).Should().Equal(expected.OrderBy(e => e.Item1).ThenBy(e => e.Item2, StringComparer.Ordinal).Select(e => e.Item2));
    }

    private static List<string> Ids(RunTimeline timeline) => [.. Enumerable.Range(0, timeline.Count).Select(timeline.IdAt)];
}
