using System.Net;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.ConsumerTests;

/// <summary>The packed Sym.Sdk packages, restored on Microsoft.Extensions 10.0.0, run a flow on the harness.</summary>
public class PackagedFlowTests
{
    private static readonly User Alice = FakeEvents.User("alice@example.com");
    private static readonly User Bob = FakeEvents.User("bob@example.com");
    private static readonly User Mallory = FakeEvents.User("mallory@example.com");

    [Fact]
    public async Task ApprovedRequest_OnTheHarness_IsGrantedThenRevokedAtExpiry()
    {
        var api = new FakeHttpHandler();
        api.On(HttpMethod.Post, "/grants").Respond(HttpStatusCode.Created);
        api.On(HttpMethod.Delete, "/grants/**").Respond(HttpStatusCode.NoContent);
        await using SymFlowHarness harness = SymFlowHarness.Create<GrantFlow, GrantStrategy>(GrantFlow.Name, GrantFlow.Configure, builder =>
        {
            builder.Use(api);
            builder.Services.AddHttpClient("grants", c => c.BaseAddress = new Uri("https://grants.example.com"));
        });

        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "incident 42");
        SymActionResult byOutsider = await run.ApproveAsync(Mallory);
        SymActionResult byApprover = await run.ApproveAsync(Bob);

        Assert.Equal(SymActionStatus.Ignored, byOutsider.Status);
        Assert.Equal(SymActionStatus.Applied, byApprover.Status);
        run.AssertState(SymRunState.Active);
        Assert.Single(harness.MessagesTo("#access"));

        await harness.AdvanceAsync(TimeSpan.FromHours(1));

        run.AssertState(SymRunState.Ended).AssertStrategyCalls("escalate", 1).AssertStrategyCalls("deescalate", 1).AssertNoErrors();
        Assert.Equal(
            ["POST /grants", "DELETE /grants/alice@example.com/prod"],
            api.Requests.Select(r => $"{r.Method} {r.Uri.AbsolutePath}"));
        Assert.Equal(harness.StartedAt + TimeSpan.FromHours(1), run.Current.EndedAt);
    }

    [Fact]
    public void Restore_WithMicrosoftExtensionsPinned_RunsOnThe10_0_0Assemblies()
    {
        // The pins in the .csproj hold only if no Sym.Sdk package asks for more than 10.0.0; this shows they held.
        Assert.StartsWith("10.0.0+", InformationalVersion(typeof(ServiceCollection)));
        Assert.StartsWith("10.0.0+", InformationalVersion(typeof(IHttpClientFactory)));
        Assert.StartsWith(PackedVersion + "+", InformationalVersion(typeof(SymFlowHarness)));
    }

    private static string PackedVersion =>
        typeof(PackagedFlowTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SymSdkVersion").Value!;

    private static string InformationalVersion(Type type) =>
        type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "(none)";
}
