using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Testing.Faults;

namespace Sym.Sdk.Testing;

/// <summary>
/// A fake that plugs into a <see cref="SymFlowHarness"/> (or any <see cref="IServiceCollection"/>) the same way as every
/// other: it registers itself in place of the real client, and it takes fault injection through <see cref="Faults"/>.
/// <see cref="Http.FakeHttpHandler"/>, <see cref="Slack.FakeSlack"/>, <see cref="Okta.FakeOkta"/> and
/// <see cref="Aws.FakeAws"/> implement it; implement it for a fake of your own and hand it to
/// <see cref="SymFlowHarnessBuilder.Use"/> (and <see cref="IStoryScopedFake"/> too, for <see cref="SymFlowHarness.Reset"/>
/// to put its world back between stories).
/// </summary>
public interface ISymFake
{
    /// <summary>
    /// Fault injection, asked before every operation of the fake. The harness watches it, so every operation and every
    /// injected fault appears in the run's timeline and transcript.
    /// </summary>
    FaultInjector Faults { get; }

    /// <summary>Registers the fake in place of the real client (replacing an existing registration).</summary>
    /// <param name="services">The services.</param>
    void AddTo(IServiceCollection services);
}
