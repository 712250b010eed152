using Sym.Sdk.Testing.Faults;

namespace Sym.Sdk.Testing.Tests.Faults;

public sealed class FaultInjectorTests
{
    [Fact]
    public void FailNext_FailsExactlyThatManyCalls_ThenSucceeds()
    {
        var faults = new FaultInjector().FailNext(2);

        bool[] failed = [.. Enumerable.Range(0, 5).Select(_ => faults.Check("op") is not null)];

        failed.Should().Equal(true, true, false, false, false);
        faults.Calls.Should().Be(5);
        faults.Fired.Select(f => f.CallNumber).Should().Equal(1, 2);
    }

    [Fact]
    public void FailNext_WithPrefix_OnlyCountsMatchingOperations()
    {
        var faults = new FaultInjector().FailNext(1, "okta.Remove");

        faults.Check("okta.AddUserToGroup").Should().BeNull();
        faults.Check("okta.RemoveUserFromGroup").Should().BeOfType<InjectedFaultException>()
            .Which.Operation.Should().Be("okta.RemoveUserFromGroup");
        faults.Check("okta.RemoveUserFromGroup").Should().BeNull();
    }

    [Fact]
    public void FailCalls_FailsChosenMatchingCallNumbers()
    {
        var faults = new FaultInjector().FailCalls([2, 4]);

        bool[] failed = [.. Enumerable.Range(0, 5).Select(_ => faults.Check("op") is not null)];

        failed.Should().Equal(false, true, false, true, false);
    }

    [Fact]
    public void FailRandomly_SameSeed_SameSchedule_DifferentSeed_DifferentSchedule()
    {
        static bool[] Run(int seed)
        {
            var faults = new FaultInjector().FailRandomly(0.3, seed);
            return [.. Enumerable.Range(0, 200).Select(_ => faults.Check("op") is not null)];
        }

        bool[] first = Run(42);

        Run(42).Should().Equal(first);
        Run(43).Should().NotEqual(first);
        first.Count(f => f).Should().BeInRange(30, 90, "a 30% schedule over 200 calls fails roughly 60 times");
    }

    [Fact]
    public void Check_CustomException_IsReturned()
    {
        var faults = new FaultInjector().FailNext(1, exception: op => new TimeoutException(op));

        faults.Check("slack.chat.postMessage").Should().BeOfType<TimeoutException>().Which.Message.Should().Be("slack.chat.postMessage");
    }

    [Fact]
    public void ThrowIfFaulted_Fires_ThrowsInjectedFault()
    {
        var faults = new FaultInjector().FailNext(1);

        Action act = () => faults.ThrowIfFaulted("aws.iam.AddUserToGroup");

        act.Should().Throw<InjectedFaultException>().Which.ErrorCode.Should().Be("Fake:INJECTED_FAULT");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void FailRandomly_ProbabilityOutOfRange_Throws(double p)
    {
        Action act = () => new FaultInjector().FailRandomly(p, 1);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Clear_RemovesRules()
    {
        var faults = new FaultInjector().FailNext(3);
        faults.Check("op").Should().NotBeNull();

        faults.Clear();

        faults.Check("op").Should().BeNull();
        faults.Fired.Should().HaveCount(1);
    }

    [Fact]
    public void Restart_FailNextArmedBeforeMarkStart_IsWholeAgainAndCallsStartFromNothing()
    {
        var faults = new FaultInjector().FailNext(1);
        faults.MarkStart();
        faults.Check("op").Should().NotBeNull();
        faults.Check("op").Should().BeNull();

        faults.Restart();

        faults.Calls.Should().Be(0);
        faults.Fired.Should().BeEmpty();
        faults.Check("op").Should().BeOfType<InjectedFaultException>().Which.CallNumber.Should().Be(1);
        faults.Check("op").Should().BeNull();
    }

    [Fact]
    public void Restart_RuleArmedAfterMarkStart_IsDroppedFiredOrNot()
    {
        var faults = new FaultInjector();
        faults.MarkStart();
        faults.FailNext(2, "okta.Remove");
        faults.Check("okta.RemoveUserFromGroup").Should().NotBeNull();

        faults.Restart();

        faults.Check("okta.RemoveUserFromGroup").Should().BeNull("the rule was armed after the start, and the second failure never fired");
        faults.Fired.Should().BeEmpty();
    }

    [Fact]
    public void Restart_FailCalls_CountsMatchingCallsFromOneAgain()
    {
        var faults = new FaultInjector().FailCalls([2], "chat.");
        faults.MarkStart();
        _ = faults.Check("chat.postMessage");
        _ = faults.Check("chat.postMessage");
        _ = faults.Check("chat.postMessage");

        faults.Restart();

        bool[] failed = [.. Enumerable.Range(0, 3).Select(_ => faults.Check("chat.update") is not null)];
        failed.Should().Equal(false, true, false);
        faults.Fired.Should().Equal(new FaultRecord("chat.update", 2));
    }

    [Fact]
    public void Restart_FailRandomly_ReplaysTheSeedFromItsStart()
    {
        var faults = new FaultInjector().FailRandomly(0.5, seed: 11);
        faults.MarkStart();
        bool[] first = [.. Enumerable.Range(0, 40).Select(_ => faults.Check("op") is not null)];
        IReadOnlyList<FaultRecord> firedFirst = faults.Fired;

        faults.Restart();
        bool[] second = [.. Enumerable.Range(0, 40).Select(_ => faults.Check("op") is not null)];

        first.Should().Contain(true).And.Contain(false);
        second.Should().Equal(first);
        faults.Fired.Should().Equal(firedFirst);
    }

    [Fact]
    public void Restart_AfterClear_BringsBackTheRulesArmedAtTheStart()
    {
        var faults = new FaultInjector().FailNext(1);
        faults.MarkStart();
        faults.Clear();
        faults.Check("op").Should().BeNull();

        faults.Restart();

        faults.Check("op").Should().NotBeNull();
    }

    [Fact]
    public void Restart_NeverMarked_DropsEveryRule()
    {
        var faults = new FaultInjector().FailNext(3);
        _ = faults.Check("op");

        faults.Restart();

        faults.Check("op").Should().BeNull();
        faults.Calls.Should().Be(1);
    }
}
