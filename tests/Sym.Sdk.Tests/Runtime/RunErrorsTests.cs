using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Tests.Runtime;

public sealed class RunErrorsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Append_BelowCapacity_KeepsEveryErrorInOrder()
    {
        SymRun run = Record(RunErrors.Capacity);
        run.Errors.Select(e => e.Message).Should().Equal(Enumerable.Range(0, RunErrors.Capacity).Select(i => $"e{i}"));
        run.DroppedErrorCount.Should().Be(0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(39)]
    [InlineData(1000)]
    public void Append_BeyondCapacity_KeepsTheFirstAndTheLatestAndCountsTheRest(int extra)
    {
        int total = RunErrors.Capacity + extra;
        SymRun run = Record(total);

        run.Errors.Should().HaveCount(RunErrors.Capacity);
        run.DroppedErrorCount.Should().Be(extra);
        run.Errors.Take(RunErrors.FirstKept).Select(e => e.Message).Should().Equal(Enumerable.Range(0, RunErrors.FirstKept).Select(i => $"e{i}"));
        run.Errors.Skip(RunErrors.FirstKept).Select(e => e.Message)
            .Should().Equal(Enumerable.Range(total - RunErrors.LastKept, RunErrors.LastKept).Select(i => $"e{i}"));
    }

    [Fact]
    public void Append_LeavesTheOriginalSnapshotUnchanged()
    {
        SymRun full = Record(RunErrors.Capacity);
        SymRun next = RunErrors.Append(full, Error("new"));
        full.Errors.Should().HaveCount(RunErrors.Capacity);
        full.Errors[^1].Message.Should().Be($"e{RunErrors.Capacity - 1}");
        next.Errors[^1].Message.Should().Be("new");
    }

    private static SymRun Record(int count)
    {
        var run = new SymRun { Id = "r", Version = 1, Flow = "f", Requester = EngineHarness.Requester };
        for (int i = 0; i < count; i++)
        {
            run = RunErrors.Append(run, Error($"e{i}"));
        }

        return run;
    }

    private static SymRunError Error(string message) => new()
    {
        Step = "deescalate", Code = SymErrorCodes.UserCodeFailed, Message = message, Source = "strategy", Timestamp = T0,
    };
}
