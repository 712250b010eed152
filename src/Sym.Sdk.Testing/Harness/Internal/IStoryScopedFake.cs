namespace Sym.Sdk.Testing.Harness.Internal;

/// <summary>
/// A built-in fake whose story-by-story state <see cref="SymFlowHarness.Reset"/> puts back as the harness was built: what
/// it recorded (requests, messages, calls), what it arms outside its <see cref="ISymFake.Faults"/>, and the world it
/// models (users, groups, channels, routes, memberships, assignments). The shape mirrors the
/// <see cref="Faults.FaultInjector"/>'s own <c>MarkStart</c>/<c>Restart</c>.
/// </summary>
/// <remarks>
/// Each fake snapshots under its own lock, as deep copies (no collection is shared between the snapshot and the live
/// world), and notes when a story changes its world, so restarting a fake the story left untouched copies nothing.
/// </remarks>
internal interface IStoryScopedFake
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
