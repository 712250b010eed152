using Sym.Sdk;
using Sym.Sdk.Strategies;

// The Sym.Sdk.Hosting README's registration, on the packages.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.AddSymHosting(sym => sym.UseConfiguredStore(builder.Configuration).AddStrategy<NoopStrategy>("noop"));

WebApplication app = builder.Build();
app.MapSymApi("/api");
app.MapSymHealth("/health");
app.MapSymSlack("/slack");
app.Run();

/// <summary>A strategy that grants nothing: enough to register a flow.</summary>
internal sealed class NoopStrategy : AccessStrategy
{
    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
        new(StrategyOutput.Applied());

    public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
        new(StrategyOutput.Applied());
}
