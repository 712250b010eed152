namespace Sym.Sdk.Testing.Harness.Internal;

/// <summary>
/// A fake that keeps a record of what each story did (requests, messages, calls) or arms failures outside its
/// <see cref="ISymFake.Faults"/>; <see cref="SymFlowHarness.Reset"/> puts those back as the harness was built. The world
/// the fake models (users, groups, channels, routes, memberships, assignments) is the test's and stays.
/// </summary>
internal interface IStoryScopedFake
{
    /// <summary>Remembers what is armed now as what <see cref="Restart"/> brings back (the harness calls this when it is built).</summary>
    void MarkStart();

    /// <summary>Forgets the story's records and restores what was armed at <see cref="MarkStart"/>.</summary>
    void Restart();
}
