using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests.Api;

/// <summary>
/// Every action of the API against every kind of caller, over HTTP against the real host: the answer each gets, and,
/// for every refusal, that nothing changed: the run keeps its version (so its state, votes and expiry), its timers and
/// the grant stay as they were, and the audit log gains exactly one <c>ignored</c> entry naming the caller (an action)
/// or nothing (a read). Flow <c>test_access</c> with approvers [bob]; alice requests; carol is another member; gus a
/// guest; root an admin.
/// </summary>
public sealed class ApiAuthorizationMatrixTests
{
    private const string Ok = "200";
    private const string Refused = "403";
    private const string NotNow = "409";
    private const string Hidden = "404";
    private const string Listed = "listed";
    private const string Absent = "absent";

    public static TheoryData<string, string, string> Matrix()
    {
        var data = new TheoryData<string, string, string>();
        void Row(string action, string requester, string approver, string other, string guest, string admin)
        {
            data.Add(action, "requester", requester);
            data.Add(action, "approver", approver);
            data.Add(action, "other member", other);
            data.Add(action, "guest", guest);
            data.Add(action, "admin", admin);
        }

        //  action                     requester approver other    guest    admin
        Row("approve",                 Refused,  Ok,      Refused, Refused, Ok);
        Row("deny",                    Refused,  Ok,      Refused, Refused, Ok);
        Row("cancel",                  Ok,       Refused, Refused, Refused, Ok);
        Row("revoke",                  Ok,       Ok,      Refused, Refused, Ok);
        Row("relinquish",              Ok,       Refused, Refused, Refused, Refused);
        Row("extend",                  Ok,       Refused, Refused, Refused, Refused);
        Row("read run",                Ok,       Ok,      Hidden,  Hidden,  Ok);
        Row("read audit",              Ok,       Ok,      Hidden,  Hidden,  Ok);
        Row("list approvals",          Absent,   Listed,  Absent,  Absent,  Listed);

        // Past the action: who may not act is refused as before (403, no word of the state); who may is told "not now".
        Row("cancel an active run",    NotNow,   Refused, Refused, Refused, NotNow);
        Row("approve an active run",   Refused,  NotNow,  Refused, Refused, NotNow);
        Row("revoke a pending run",    NotNow,   Refused, Refused, Refused, NotNow);
        Row("read an active run",      Ok,       Ok,      Hidden,  Hidden,  Ok);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Api_ActionByCaller_AnswersAsTheMatrixSaysAndRefusalsChangeNothing(string action, string caller, string expected)
    {
        await using TestHost host = await TestHost.StartAsync(c => c["Sym:Flows:test_access:Approvers:Users:0"] = "bob@example.com");
        string id = await host.Client(TestHost.AliceKey).CreateRequestAsync();
        if (action is "revoke" or "relinquish" or "extend" || action.Contains("an active run", StringComparison.Ordinal))
        {
            (await host.Client(TestHost.BobKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).EnsureSuccessStatusCode();
        }

        Snapshot before = await SnapshotAsync(host, id);
        HttpClient client = host.Client(KeyOf(caller));

        HttpResponseMessage response = await SendAsync(client, action, id);

        string body = await response.Content.ReadAsStringAsync();
        if (action == "list approvals")
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            bool listed = JsonDocument.Parse(body).RootElement.GetProperty("runs").EnumerateArray().Any(r => r.GetProperty("id").GetString() == id);
            (listed ? Listed : Absent).Should().Be(expected, body);
        }
        else
        {
            ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(expected, body);
        }

        Snapshot after = await SnapshotAsync(host, id);
        if (expected is Ok or Listed && !action.StartsWith("read", StringComparison.Ordinal) && action != "list approvals")
        {
            after.Version.Should().BeGreaterThan(before.Version, "an allowed action took effect");
            return;
        }

        response.Content.Headers.ContentType!.MediaType.Should().Be(expected is Refused or NotNow or Hidden ? "application/problem+json" : "application/json");
        after.Version.Should().Be(before.Version, "a refused action or a read changes no run");
        after.State.Should().Be(before.State);
        after.Timers.Should().Equal(before.Timers);
        after.StrategyCalls.Should().Be(before.StrategyCalls);
        SymAuditEntry[] added = after.Audit[before.Audit.Length..];
        if (action.StartsWith("read", StringComparison.Ordinal) || action == "list approvals")
        {
            added.Should().BeEmpty("a read writes nothing");
        }
        else
        {
            added.Should().ContainSingle("the attempt is audited, once").Which.Should().Match<SymAuditEntry>(e =>
                e.Outcome == SymAuditOutcome.Ignored && e.Actor == UserOf(caller));
        }

        if (expected == Refused)
        {
            body.Should().NotContain("already approved").And.NotContain("still pending").And.NotContain("active", "a refusal tells nothing of the run's state");
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string action, string id)
    {
        string path = action switch
        {
            "approve" or "approve an active run" => $"/api/requests/{id}/approve",
            "deny" => $"/api/requests/{id}/deny",
            "cancel" or "cancel an active run" => $"/api/requests/{id}/cancel",
            "revoke" or "revoke a pending run" => $"/api/requests/{id}/revoke",
            "relinquish" => $"/api/requests/{id}/relinquish",
            "extend" => $"/api/requests/{id}/extend",
            "read run" or "read an active run" => $"/api/requests/{id}",
            "read audit" => $"/api/requests/{id}/audit",
            _ => "/api/approvals",
        };
        return action.StartsWith("read", StringComparison.Ordinal) || action == "list approvals"
            ? client.GetAsync(new Uri(path, UriKind.Relative))
            : client.PostJsonAsync(path, action == "extend" ? """{"duration":"1h","reason":"one more hour"}""" : """{"reason":"matrix"}""");
    }

    private static string KeyOf(string caller) => caller switch
    {
        "requester" => TestHost.AliceKey,
        "approver" => TestHost.BobKey,
        "other member" => TestHost.CarolKey,
        "guest" => TestHost.GuestKey,
        _ => TestHost.RootKey,
    };

    private static string UserOf(string caller) => caller switch
    {
        "requester" => "alice@example.com",
        "approver" => "bob@example.com",
        "other member" => "carol@example.com",
        "guest" => "gus@partner.example",
        _ => "root@example.com",
    };

    private static async Task<Snapshot> SnapshotAsync(TestHost host, string id)
    {
        IServiceProvider services = host.App.Services;
        SymRun run = (await services.GetRequiredService<ISymRunStore>().GetRunAsync(id))!;
        IReadOnlyList<SymTimer> timers = await services.GetRequiredService<ISymTimerStore>().GetTimersAsync(id);
        var audit = new List<SymAuditEntry>();
        await foreach (SymAuditEntry e in services.GetRequiredService<ISymAuditLog>().QueryAuditAsync(new SymAuditQuery { RunId = id }))
        {
            audit.Add(e);
        }

        return new Snapshot(run.Version, run.State, [.. timers.Select(t => $"{t.Kind}@{t.DueAt:O}")], host.Strategy.Calls.Count, [.. audit]);
    }

    private sealed record Snapshot(long Version, SymRunState State, string[] Timers, int StrategyCalls, SymAuditEntry[] Audit);
}
