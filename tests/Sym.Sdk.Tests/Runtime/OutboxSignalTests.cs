using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Tests.Runtime;

public sealed class OutboxSignalTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task WaitAsync_SetBefore_CompletesAtOnce()
    {
        var signal = new OutboxSignal();
        signal.Set();
        signal.Set();

        await signal.WaitAsync(Hour, new FakeTimeProvider(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        signal.WaitAsync(Hour, new FakeTimeProvider(), CancellationToken.None).IsCompleted.Should().BeFalse("two sets wake one wait");
    }

    [Fact]
    public async Task WaitAsync_SetWhileWaiting_Completes()
    {
        var signal = new OutboxSignal();
        Task waiting = signal.WaitAsync(Hour, new FakeTimeProvider(), CancellationToken.None);
        waiting.IsCompleted.Should().BeFalse();

        signal.Set();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitAsync_SetAfterAWaitTimedOut_WakesTheNextWait()
    {
        // Found by a host test under load: the dispatcher's wait ended by its timeout (or by a delivery finishing) left its
        // waiter behind; a commit's Set then completed that abandoned waiter and was lost, and the next wait slept until a
        // hanging Slack call ended, 30 s later, while a new request waited to be announced.
        var time = new FakeTimeProvider();
        var signal = new OutboxSignal();
        Task first = signal.WaitAsync(TimeSpan.FromSeconds(1), time, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2));
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        signal.Set();

        await signal.WaitAsync(Hour, time, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitAsync_AnAbandonedWaitWokenLate_DoesNotConsumeALaterSet()
    {
        // The dispatcher stops awaiting a wait when a delivery finishes first; that wait still wakes with the next Set, and
        // its end (on the thread pool, possibly late) must not consume a Set that came after the one that woke it.
        var time = new FakeTimeProvider();
        var signal = new OutboxSignal();
        Task abandoned = signal.WaitAsync(Hour, time, CancellationToken.None);
        Task current = signal.WaitAsync(Hour, time, CancellationToken.None);

        signal.Set(); // wakes both
        signal.Set(); // a later commit, before either wait has ended
        await abandoned.WaitAsync(TimeSpan.FromSeconds(10));
        await current.WaitAsync(TimeSpan.FromSeconds(10));

        await signal.WaitAsync(Hour, time, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitAsync_Timeout_CompletesWithoutSet()
    {
        var time = new FakeTimeProvider();
        var signal = new OutboxSignal();
        Task waiting = signal.WaitAsync(TimeSpan.FromSeconds(5), time, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(5));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        var signal = new OutboxSignal();
        using var cts = new CancellationTokenSource();
        Task waiting = signal.WaitAsync(Hour, new FakeTimeProvider(), cts.Token);

        await cts.CancelAsync();

        await FluentActions.Awaiting(() => waiting.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<OperationCanceledException>();
    }
}
