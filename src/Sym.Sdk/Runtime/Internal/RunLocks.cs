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

    public async ValueTask<Releaser> AcquireAsync(string runId, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate = _locks[(StringComparer.Ordinal.GetHashCode(runId) & int.MaxValue) % Stripes];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(gate);
    }

    internal readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
