namespace Sym.Sdk.Runtime.Internal;

/// <summary>Capped exponential backoff with "equal jitter": half the delay fixed, half random.</summary>
internal sealed class RetryBackoff
{
    private readonly TimeSpan _base;
    private readonly TimeSpan _max;
    private readonly int? _seed;
    private readonly Lock _lock = new();
    private Random? _seeded;
    private bool _drawn;

    public RetryBackoff(SymOptions options)
    {
        _base = options.DeescalateRetryBaseDelay;
        _max = options.DeescalateRetryMaxDelay;
        _seed = options.JitterSeed;
        _seeded = _seed is { } seed ? new Random(seed) : null;
    }

    /// <summary>Starts a seeded jitter sequence over from its first value (the flow harness does, on reset).</summary>
    public void Restart()
    {
        lock (_lock)
        {
            if (_drawn && _seed is { } seed)
            {
                _seeded = new Random(seed); // only when used: most stories never retry, and a seeded Random is not small
                _drawn = false;
            }
        }
    }

    /// <summary>The delay before retry number <paramref name="failures"/> (1 after the first failure).</summary>
    public TimeSpan Delay(int failures)
    {
        double exponent = Math.Min(Math.Max(failures - 1, 0), 30);
        double ticks = Math.Min(_base.Ticks * Math.Pow(2, exponent), _max.Ticks);
        double half = ticks / 2;
        return TimeSpan.FromTicks((long)(half + (half * NextDouble())));
    }

    private double NextDouble()
    {
        if (_seeded is null)
        {
            return Random.Shared.NextDouble();
        }

        lock (_lock)
        {
            _drawn = true;
            return _seeded.NextDouble();
        }
    }
}
