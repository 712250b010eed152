namespace Sym.Sdk.Runtime.Internal;

/// <summary>Capped exponential backoff with "equal jitter": half the delay fixed, half random.</summary>
internal sealed class RetryBackoff
{
    private readonly TimeSpan _base;
    private readonly TimeSpan _max;
    private readonly Lock _lock = new();
    private readonly Random? _seeded;
    private List<double>? _drawn;
    private int _position;

    public RetryBackoff(TimeSpan baseDelay, TimeSpan maxDelay, int? seed)
    {
        _base = baseDelay;
        _max = maxDelay;
        _seeded = seed is { } s ? new Random(s) : null;
    }

    /// <summary>
    /// Keeps every value drawn from the seeded sequence, so <see cref="Restart"/> can replay it (the flow harness calls
    /// this before the engine's first use). Replaying costs nothing per restart; re-seeding a <see cref="Random"/> would
    /// allocate one each time.
    /// </summary>
    public void KeepForRestart()
    {
        lock (_lock)
        {
            _drawn ??= [];
        }
    }

    /// <summary>Starts a seeded jitter sequence kept by <see cref="KeepForRestart"/> over from its first value.</summary>
    public void Restart()
    {
        lock (_lock)
        {
            _position = 0;
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
            if (_drawn is null)
            {
                return _seeded.NextDouble();
            }

            if (_position == _drawn.Count)
            {
                _drawn.Add(_seeded.NextDouble());
            }

            return _drawn[_position++];
        }
    }
}
