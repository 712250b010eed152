using Sym.Sdk.Requests;
using Sym.Sdk.Requests.Internal;

namespace Sym.Sdk.Tests.Requests.Internal;

public sealed class DestinationFallbacksTests
{
    private static readonly SlackUser First = new("U0FIRST") { Timeout = TimeSpan.FromMinutes(5) };
    private static readonly SlackChannelName Second = new("ops") { Timeout = TimeSpan.FromMinutes(10) };

    [Fact]
    public void Plan_OneDestination_IsOneNotificationWithItsTimeout()
    {
        (IReadOnlyList<Notification> plan, bool forward) = DestinationFallbacks.Plan(First);

        plan.Should().Equal(Notification.To(First, TimeSpan.FromMinutes(5)));
        forward.Should().BeTrue();
    }

    [Fact]
    public void Plan_FallbackContinuingOnTimeout_IsOneNotificationPerDestinationWithItsTimeout()
    {
        var fallback = new RequestDestinationFallback([First, Second]) { ContinueOnTimeout = true, ContinueOnDeliveryFailure = false };

        (IReadOnlyList<Notification> plan, bool forward) = DestinationFallbacks.Plan(fallback);

        plan.Should().Equal(Notification.To(First, TimeSpan.FromMinutes(5)), Notification.To(Second, TimeSpan.FromMinutes(10)));
        forward.Should().BeFalse();
    }

    [Fact]
    public void Plan_FallbackNotContinuingOnTimeout_DropsTheTimeouts()
    {
        var fallback = new RequestDestinationFallback([First, Second]);

        (IReadOnlyList<Notification> plan, bool forward) = DestinationFallbacks.Plan(fallback);

        plan.Should().Equal(Notification.To(First with { Timeout = null }), Notification.To(Second with { Timeout = null }));
        plan.Should().OnlyContain(static n => n.Timeout == null && n.Destinations[0].Timeout == null);
        forward.Should().BeTrue();
    }

    [Fact]
    public async Task DeliverAsync_FirstDelivers_TriesNoOther()
    {
        var tried = new List<RequestDestination>();

        (bool delivered, string? result, Exception? last) = await DestinationFallbacks.DeliverAsync(
            new RequestDestinationFallback([First, Second]),
            d => { tried.Add(d); return ValueTask.FromResult(d.ToString()); },
            static _ => true);

        delivered.Should().BeTrue();
        result.Should().Be(First.ToString());
        last.Should().BeNull();
        tried.Should().Equal(First);
    }

    [Fact]
    public async Task DeliverAsync_FailureMovingOn_TriesTheNextAndReportsTheSkipped()
    {
        var skipped = new List<(RequestDestination, Exception)>();
        var failure = new InvalidOperationException("first failed");

        (bool delivered, string? result, _) = await DestinationFallbacks.DeliverAsync(
            new RequestDestinationFallback([First, Second]),
            d => d == First ? throw failure : ValueTask.FromResult("second"),
            static _ => true,
            (d, ex) => skipped.Add((d, ex)));

        delivered.Should().BeTrue();
        result.Should().Be("second");
        skipped.Should().Equal((First, failure));
    }

    [Fact]
    public async Task DeliverAsync_EveryDestinationFails_ReturnsTheLastFailure()
    {
        var second = new InvalidOperationException("second failed");

        (bool delivered, string? result, Exception? last) = await DestinationFallbacks.DeliverAsync<string>(
            new RequestDestinationFallback([First, Second]),
            d => throw (d == First ? new InvalidOperationException("first failed") : second),
            static _ => true);

        delivered.Should().BeFalse();
        result.Should().BeNull();
        last.Should().BeSameAs(second);
    }

    [Fact]
    public async Task DeliverAsync_FailureNotMovingOn_IsThrownAndTriesNoOther()
    {
        var tried = new List<RequestDestination>();

        Func<Task> act = async () => await DestinationFallbacks.DeliverAsync<string>(
            new RequestDestinationFallback([First, Second]),
            d => { tried.Add(d); throw new TimeoutException("transient"); },
            static ex => ex is not TimeoutException);

        await act.Should().ThrowAsync<TimeoutException>();
        tried.Should().Equal(First);
    }

    [Fact]
    public async Task DeliverAsync_OneDestination_IsTriedAlone()
    {
        (bool delivered, _, Exception? last) = await DestinationFallbacks.DeliverAsync<string>(
            Second, static _ => throw new InvalidOperationException("failed"), static _ => true);

        delivered.Should().BeFalse();
        last.Should().BeOfType<InvalidOperationException>();
    }
}
