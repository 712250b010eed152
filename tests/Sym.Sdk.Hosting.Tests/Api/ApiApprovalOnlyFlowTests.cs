using System.Net;
using System.Text.Json;

namespace Sym.Sdk.Hosting.Tests.Api;

/// <summary>The JSON API over an approval-only flow (<c>Strategy:Type</c> <c>none</c>): no duration, approving ends it approved.</summary>
public sealed class ApiApprovalOnlyFlowTests
{
    private static Task<TestHost> StartAsync() => TestHost.StartAsync(c =>
    {
        c["Sym:Flows:approvals:Label"] = "Approvals";
        c["Sym:Flows:approvals:Strategy:Type"] = "none";
        c["Sym:Flows:approvals:Fields:0:Name"] = "reason";
        c["Sym:Flows:approvals:Fields:0:Type"] = "string";
    });

    [Fact]
    public async Task Create_WithoutDuration_ThenApprove_EndsApproved()
    {
        await using TestHost host = await StartAsync();
        HttpResponseMessage created = await host.Client(TestHost.AliceKey).PostJsonAsync("/api/requests", """{"flow":"approvals","reason":"deploy window"}""");
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        string id = (await created.JsonAsync()).GetProperty("run").GetProperty("id").GetString()!;

        JsonElement answer = await (await host.Client(TestHost.BobKey).PostJsonAsync($"/api/requests/{id}/approve", """{"reason":"ok"}""")).JsonAsync();

        answer.GetProperty("status").GetString().Should().Be("applied");
        answer.GetProperty("run").GetProperty("state").GetString().Should().Be("approved");
        host.Strategy.Count("escalate", id).Should().Be(0);
    }

    [Fact]
    public async Task Create_WithDuration_Is400OnDuration()
    {
        await using TestHost host = await StartAsync();

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).PostJsonAsync("/api/requests", """{"flow":"approvals","duration":"1h","reason":"x"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").GetProperty("duration")[0].GetString().Should().Contain("takes no duration");
    }

    [Fact]
    public async Task Revoke_OfAnApprovedRun_Is409AndChangesNothing()
    {
        await using TestHost host = await StartAsync();
        HttpResponseMessage created = await host.Client(TestHost.AliceKey).PostJsonAsync("/api/requests", """{"flow":"approvals","reason":"deploy window"}""");
        string id = (await created.JsonAsync()).GetProperty("run").GetProperty("id").GetString()!;
        await host.Client(TestHost.BobKey).PostJsonAsync($"/api/requests/{id}/approve", """{"reason":"ok"}""");

        HttpResponseMessage revoke = await host.Client(TestHost.RootKey).PostJsonAsync($"/api/requests/{id}/revoke", """{"reason":"done"}""");

        revoke.StatusCode.Should().Be(HttpStatusCode.Conflict, await revoke.Content.ReadAsStringAsync());
        (await host.Client(TestHost.AliceKey).GetJsonAsync($"/api/requests/{id}")).GetProperty("state").GetString().Should().Be("approved");
    }
}
