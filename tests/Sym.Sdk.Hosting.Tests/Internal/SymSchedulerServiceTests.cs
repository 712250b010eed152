using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Hosting.Tests.Api;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests.Internal;

public sealed class SymSchedulerServiceTests
{
    [Fact]
    public async Task Scheduler_WhenTicksFail_KeepsRunning_AndFiresTheTimerOnceTheStoreRecovers()
    {
        var flaky = new FlakyTimers(failures: 3);
        await using TestHost host = await TestHost.StartAsync(services: s => s.AddStore(flaky));
        HttpClient alice = host.Client(TestHost.AliceKey);
        string id = await alice.CreateRequestAsync();
        (await host.Client(TestHost.BobKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).EnsureSuccessStatusCode();

        host.Time.Advance(TimeSpan.FromHours(1));
        string state = "";
        for (int i = 0; i < 400 && state != "ended"; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System);
            JsonElement run = await alice.GetJsonAsync($"/api/requests/{id}");
            state = run.GetProperty("state").GetString()!;
        }

        flaky.Failed.Should().Be(3, "the first ticks failed");
        state.Should().Be("ended", "the scheduler survived its failing ticks");
        host.Strategy.Count("deescalate", id).Should().Be(1);
    }

    /// <summary>The in-memory store whose first timer claims fail, as a store whose disk stalls for a moment.</summary>
    private sealed class FlakyTimers(int failures) : Sym.Sdk.Testing.Tests.Crash.DelegatingStore
    {
        private int _failed;

        public int Failed => Volatile.Read(ref _failed);

        public override ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _failed) <= failures)
            {
                throw new IOException("disk I/O error");
            }

            Interlocked.Exchange(ref _failed, failures);
            return base.ClaimDueTimersAsync(now, maxCount, lease, cancellationToken);
        }
    }
}
