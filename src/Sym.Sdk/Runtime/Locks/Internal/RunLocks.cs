namespace Sym.Sdk.Runtime.Internal;

/// <summary>Serializes the events of one run in this process: a fixed set of semaphores striped by run id.</summary>
internal sealed class RunLocks
{
    private const int Stripes = 64;
    private readonly SemaphoreSlim[] _locks = new SemaphoreSlim[Stripes];

    public RunLocks()
    {
        for (int i = 0; i < Stripes; i++)
        {
            _locks[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>Called with the key when an acquire has to wait for another holder; tests observe contention through it.</summary>
    internal Action<string>? Contended { get; set; }

    /// <summary>The stripe a key's lock is: keys on one stripe wait for each other.</summary>
    internal static int StripeOf(string key) => (StringComparer.Ordinal.GetHashCode(key) & int.MaxValue) % Stripes;

    public async ValueTask<Releaser> AcquireAsync(string runId, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate = _locks[StripeOf(runId)];
        if (!gate.Wait(0, CancellationToken.None))
        {
            Contended?.Invoke(runId);
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return new Releaser(gate);
    }

    internal readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
