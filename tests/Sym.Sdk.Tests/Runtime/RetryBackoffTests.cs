using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Tests.Runtime;

public sealed class RetryBackoffTests
{
    private static RetryBackoff Backoff(int seed = 7) => new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), seed);

    [Fact]
    public void Delay_DoublesUntilTheCapWithEqualJitter()
    {
        RetryBackoff backoff = Backoff();
        double[] nominal = [2, 4, 8, 16, 30, 30, 30];
        for (int i = 0; i < nominal.Length; i++)
        {
            backoff.Delay(i + 1).TotalSeconds.Should().BeInRange(nominal[i] / 2, nominal[i]);
        }
    }

    [Fact]
    public void Delay_SameSeed_IsDeterministic()
    {
        RetryBackoff a = Backoff(), b = Backoff();
        Enumerable.Range(1, 10).Select(a.Delay).Should().Equal(Enumerable.Range(1, 10).Select(b.Delay));
    }

    [Fact]
    public void Delay_ManyFailures_NeverOverflows() => Backoff().Delay(int.MaxValue).Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
}
