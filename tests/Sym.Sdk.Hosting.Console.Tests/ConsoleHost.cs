using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Hosting.Console.Tests;

/// <summary>
/// The real host (AddSymHosting with the in-memory store, UseConsole, MapSymConsole at the root) on Kestrel over HTTPS
/// on 127.0.0.1 with a throwaway self-signed certificate, signing in through <see cref="FakeIdentityProvider"/>. Flow
/// <c>db_access</c>: targets prod_db and staging_db, durations 30m/1h/4h, fields reason (required), ticket (an int,
/// required) and duration; only bob may approve. Admins: the IdP group <c>sym-admins</c>.
/// </summary>
internal sealed class ConsoleHost : IAsyncDisposable
{
    private ConsoleHost(WebApplication app, Uri address, GrantingStrategy strategy, ShiftedTime time)
    {
        Time = time;
        App = app;
        Address = address;
        Strategy = strategy;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public GrantingStrategy Strategy { get; }

    /// <summary>The host's clock (the engine's and the session cookie's).</summary>
    public ShiftedTime Time { get; }

    public Uri Url(string path) => new(Address, path);

    public static async Task<ConsoleHost> StartAsync(FakeIdentityProvider idp, string environment = "Production", Action<Dictionary<string, string?>>? configure = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Sym:Engine:SchedulerInterval"] = "00:00:01",
            ["Sym:Flows:db_access:Label"] = "Database access",
            ["Sym:Flows:db_access:Strategy:Type"] = "granting",
            ["Sym:Flows:db_access:Targets:0:Name"] = "prod_db",
            ["Sym:Flows:db_access:Targets:0:Label"] = "Production database",
            ["Sym:Flows:db_access:Targets:1:Name"] = "staging_db",
            ["Sym:Flows:db_access:Targets:1:Label"] = "Staging database",
            ["Sym:Flows:db_access:AllowedDurations:0"] = "30m",
            ["Sym:Flows:db_access:AllowedDurations:1"] = "1h",
            ["Sym:Flows:db_access:AllowedDurations:2"] = "4h",
            ["Sym:Flows:db_access:MaxDuration"] = "1d",
            ["Sym:Flows:db_access:Fields:0:Name"] = "reason",
            ["Sym:Flows:db_access:Fields:0:Type"] = "string",
            ["Sym:Flows:db_access:Fields:0:Label"] = "Why do you need access?",
            ["Sym:Flows:db_access:Fields:0:Required"] = "true",
            ["Sym:Flows:db_access:Fields:1:Name"] = "ticket",
            ["Sym:Flows:db_access:Fields:1:Type"] = "int",
            ["Sym:Flows:db_access:Fields:1:Label"] = "Incident number",
            ["Sym:Flows:db_access:Fields:1:Required"] = "true",
            ["Sym:Flows:db_access:Fields:2:Name"] = "duration",
            ["Sym:Flows:db_access:Fields:2:Type"] = "duration",
            ["Sym:Flows:db_access:Fields:2:Label"] = "For how long?",
            ["Sym:Flows:db_access:Fields:2:Required"] = "true",
            ["Sym:Flows:db_access:Approvers:Users:0"] = "bob@example.com",
            ["Sym:Console:Title"] = "Sym (test)",
            ["Sym:Console:PageSize"] = "10",
            ["Sym:Console:AdminGroups:0"] = "sym-admins",
            ["Sym:Console:Oidc:Authority"] = idp.Authority.ToString(),
            ["Sym:Console:Oidc:ClientId"] = FakeIdentityProvider.ClientId,
            ["Sym:Console:Oidc:ClientSecret"] = FakeIdentityProvider.ClientSecret,
            ["Sym:Console:Oidc:Scopes:0"] = "groups",
            ["Sym:Console:Oidc:DisplayName"] = "Fake IdP",
            ["Sym:Console:Oidc:RequireHttpsMetadata"] = "false",
            ["Sym:Console:DemoUsers:0:Email"] = "alice@example.com",
        };
        configure?.Invoke(config);

        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ApplicationName = typeof(ConsoleHost).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(config);
        X509Certificate2 certificate = SelfSignedCertificate();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var strategy = new GrantingStrategy();
        builder.Services.AddSingleton(strategy);
        var time = new ShiftedTime();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddSymHosting(h => h.UseInMemoryStore().UseConsole().AddStrategy<GrantingStrategy>("granting"));
        WebApplication app = builder.Build();
        app.MapSymApi("/api");
        app.MapSymConsole("/");
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new ConsoleHost(app, new Uri(address), strategy, time);
        idp.ConsoleOrigin = host.Address;
        return host;
    }

    /// <summary>A certificate for 127.0.0.1 and localhost, valid for a day; the browser is told to accept it.</summary>
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        using X509Certificate2 created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
