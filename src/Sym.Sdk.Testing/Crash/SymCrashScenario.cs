namespace Sym.Sdk.Testing;

/// <summary>
/// One crash point of a <see cref="SymCrashTest"/>: the store write the first process dies at, and the world both
/// processes share — the external systems your strategy changes (fakes), a folder for a durable store's files. Create
/// the world's objects with <see cref="Shared{T}"/> in your setup, so the process that recovers sees what the one that
/// crashed did to them (a group membership it granted, say).
/// </summary>
public sealed class SymCrashScenario
{
    private readonly Dictionary<Type, object> _shared = [];
    private readonly Lock _lock = new();

    internal SymCrashScenario(int writePoint, SymCrashSide side, string folder)
    {
        WritePoint = writePoint;
        Side = side;
        Folder = folder;
    }

    /// <summary>The store write (1-based, in the order the story makes them) the first process dies at; 0 for the run without a crash.</summary>
    public int WritePoint { get; }

    /// <summary>Whether the process dies before or after that write.</summary>
    public SymCrashSide Side { get; }

    /// <summary>A folder of this scenario's own, for a durable store's files; deleted when the scenario ends.</summary>
    public string Folder { get; }

    /// <summary>
    /// The scenario's one object of type <typeparamref name="T"/>, created by <paramref name="create"/> on first use: the
    /// crashed process and the recovering one get the same instance (for example a <c>FakeOkta</c> whose memberships
    /// outlive the crash), and the next scenario a new one.
    /// </summary>
    /// <typeparam name="T">The object's type; one object per type.</typeparam>
    /// <param name="create">Creates it.</param>
    /// <returns>The object.</returns>
    public T Shared<T>(Func<T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (_lock)
        {
            if (!_shared.TryGetValue(typeof(T), out object? existing))
            {
                _shared[typeof(T)] = existing = create();
            }

            return (T)existing;
        }
    }

    /// <inheritdoc />
    public override string ToString() => WritePoint == 0 ? "no crash" : $"crash {Describe(Side)} write {WritePoint}";

    internal static string Describe(SymCrashSide side) => side == SymCrashSide.BeforeWrite ? "before" : "after";
}
