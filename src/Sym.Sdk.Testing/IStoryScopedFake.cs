namespace Sym.Sdk.Testing;

/// <summary>
/// A fake whose story-by-story state <see cref="SymFlowHarness.Reset"/> puts back as the harness was built: what it
/// recorded (requests, messages, calls), what it arms outside its <see cref="ISymFake.Faults"/>, and the world it models
/// (users, groups, channels, routes, memberships, assignments). The built-in fakes implement it; implement it on a fake
/// of your own so that stories on one harness each start from the same world. The shape mirrors the
/// <see cref="Faults.FaultInjector"/>'s own <c>MarkStart</c>/<c>Restart</c>.
/// </summary>
/// <remarks>
/// The harness calls <see cref="MarkStart"/> once, from <see cref="SymFlowHarnessBuilder.Build"/> after every fake is
/// registered, and <see cref="Restart"/> from each <see cref="SymFlowHarness.Reset"/>, both with no story in flight.
/// Snapshot as deep copies (no collection shared between the snapshot and the live world), under the fake's own lock if
/// it has one; a fake that notes when a story changes its world can skip the copy when nothing changed, as the built-in
/// fakes do.
/// </remarks>
/// <example>
/// <code>
/// public sealed class FakeTickets : ISymFake, IStoryScopedFake
/// {
///     private readonly List&lt;string&gt; _open = [];
///     private string[] _openAtStart = [];
///     public FaultInjector Faults { get; } = new();
///     public void AddTo(IServiceCollection services) => services.AddSingleton&lt;ITickets&gt;(this);
///     public void MarkStart() => _openAtStart = [.. _open];
///     public void Restart() { _open.Clear(); _open.AddRange(_openAtStart); }
/// }
/// </code>
/// </example>
public interface IStoryScopedFake : ISymFake
{
    /// <summary>
    /// Remembers what is armed now and the world the fake models as what <see cref="Restart"/> brings back (the harness
    /// calls this when it is built).
    /// </summary>
    void MarkStart();

    /// <summary>
    /// Forgets the story's records and restores what was armed, and the world, as they were at <see cref="MarkStart"/>:
    /// what was seeded before it is there again as it was, what was added since is gone.
    /// </summary>
    void Restart();
}
