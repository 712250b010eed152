namespace Sym.Sdk.Integrations.Slack;

/// <summary>An opened or updated modal view.</summary>
/// <param name="Id">The view id (<c>V…</c>).</param>
/// <param name="Hash">The view's hash, to pass to the next update so a stale update is refused, or <see langword="null"/>.</param>
public sealed record SlackViewRef(string Id, string? Hash);
