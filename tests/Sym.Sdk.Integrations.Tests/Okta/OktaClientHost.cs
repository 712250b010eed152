using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Okta;

/// <summary>The real Okta client, wired by <c>AddSymOkta</c>, over a <see cref="FakeHttpHandler"/> and a fake clock.</summary>
internal sealed class OktaClientHost : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private OktaClientHost(Action<OktaOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSymOkta(o =>
        {
            o.Domain = "acme.okta.com";
            o.ApiToken = "ssws-secret-token";
            configure?.Invoke(o);
        }).ConfigurePrimaryHttpMessageHandler(() => Http);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeHttpHandler Http { get; } = new();

    public TimerWatchingTimeProvider Time { get; } = new(Start);

    public CapturingLoggerProvider Logs { get; } = new();

    public ServiceProvider Services { get; }

    public IOktaClient Client => Services.GetRequiredService<IOktaClient>();

    public static OktaClientHost Create(Action<OktaOptions>? configure = null) => new(configure);

    public static OktaClientHost CreateOAuth(string pem, Action<OktaOAuthOptions>? configure = null) => new(o =>
    {
        o.ApiToken = null;
        o.OAuth = new OktaOAuthOptions { ClientId = "0oa-client", PrivateKeyPem = pem, KeyId = "key-1" };
        configure?.Invoke(o.OAuth);
    });

    public void Dispose() => Services.Dispose();
}
