using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests.Api;

public sealed class ApiEndpointsTests
{
    [Fact]
    public async Task Lifecycle_RequestApproveExpiry_OverHttp_RevokesAtExpiry()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);
        HttpClient bob = host.Client(TestHost.BobKey);

        HttpResponseMessage created = await alice.PostJsonAsync("/api/requests",
            """{"flow":"test_access","target":"prod-db","duration":"1h","reason":"Incident 42"}""");
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        JsonElement run = (await created.JsonAsync()).GetProperty("run");
        string id = run.GetProperty("id").GetString()!;
        created.Headers.Location!.ToString().Should().Be($"/api/requests/{id}");
        run.GetProperty("state").GetString().Should().Be("pending");
        run.GetProperty("target").GetString().Should().Be("prod-db");
        run.GetProperty("durationSeconds").GetInt64().Should().Be(3600);

        JsonElement approvals = await bob.GetJsonAsync("/api/approvals");
        approvals.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Equal(id);

        HttpResponseMessage approved = await bob.PostJsonAsync($"/api/requests/{id}/approve", """{"reason":"ok"}""");
        approved.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonElement answer = await approved.JsonAsync();
        answer.GetProperty("status").GetString().Should().Be("applied");
        answer.GetProperty("run").GetProperty("state").GetString().Should().Be("active");
        host.Strategy.Count("escalate", id).Should().Be(1);
        (await bob.GetJsonAsync("/api/approvals")).GetProperty("runs").GetArrayLength().Should().Be(0);

        host.Time.Advance(TimeSpan.FromHours(1));
        string state = await PollStateAsync(host, alice, id, "ended");

        state.Should().Be("ended");
        host.Strategy.Count("deescalate", id).Should().Be(1);
        JsonElement audit = await alice.GetJsonAsync($"/api/requests/{id}/audit");
        audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("step").GetString())
            .Should().Equal("request", "approve", "escalate", "deescalate");
        audit.GetProperty("entries")[3].GetProperty("actor").GetString().Should().Be("sym");
    }

    [Fact]
    public async Task Approve_OwnRequest_Is403WithEngineMessage()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);
        string id = await alice.CreateRequestAsync();

        HttpResponseMessage response = await alice.PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonElement problem = await response.JsonAsync();
        problem.GetProperty("detail").GetString().Should().Be("You may not approve your own request.");
        problem.GetProperty("code").GetString().Should().Be("SymApi:NOT_ALLOWED");
        host.Strategy.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Approve_ByGuest_Is403()
    {
        await using TestHost host = await TestHost.StartAsync();
        string id = await host.Client(TestHost.AliceKey).CreateRequestAsync();

        HttpResponseMessage response = await host.Client(TestHost.GuestKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.JsonAsync()).GetProperty("detail").GetString().Should().Be("Guests may not act on requests in this flow.");
    }

    [Fact]
    public async Task Approve_ByUserNotAmongConfiguredApprovers_Is403AndRunStaysPending()
    {
        await using TestHost host = await TestHost.StartAsync(c => c["Sym:Flows:test_access:Approvers:Users:0"] = "bob@example.com");
        HttpClient alice = host.Client(TestHost.AliceKey);
        string id = await alice.CreateRequestAsync();

        HttpResponseMessage response = await host.Client(TestHost.CarolKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.JsonAsync()).GetProperty("detail").GetString().Should().Be("You are not allowed to approve this request.");
        (await alice.GetJsonAsync($"/api/requests/{id}")).GetProperty("state").GetString().Should().Be("pending");
        (await host.Client(TestHost.CarolKey).GetJsonAsync("/api/approvals")).GetProperty("runs").GetArrayLength().Should().Be(0);
        (await host.Client(TestHost.BobKey).GetJsonAsync("/api/approvals")).GetProperty("runs").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Get_OthersRun_Is404AsIfMissing_ButAdminMayRead()
    {
        await using TestHost host = await TestHost.StartAsync(c => c["Sym:Flows:test_access:Approvers:Users:0"] = "bob@example.com");
        string id = await host.Client(TestHost.AliceKey).CreateRequestAsync();

        HttpResponseMessage carol = await host.Client(TestHost.CarolKey).GetAsync(new Uri($"/api/requests/{id}", UriKind.Relative));
        HttpResponseMessage carolAudit = await host.Client(TestHost.CarolKey).GetAsync(new Uri($"/api/requests/{id}/audit", UriKind.Relative));
        HttpResponseMessage root = await host.Client(TestHost.RootKey).GetAsync(new Uri($"/api/requests/{id}", UriKind.Relative));

        carol.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await carol.JsonAsync()).GetProperty("code").GetString().Should().Be(SymErrorCodes.RunNotFound);
        carolAudit.StatusCode.Should().Be(HttpStatusCode.NotFound);
        root.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_OthersRun_WithWebappViewMember_IsReadableByAMember_ButNotByAGuest()
    {
        await using TestHost host = await TestHost.StartAsync(c =>
        {
            c["Sym:Flows:test_access:Approvers:Users:0"] = "bob@example.com";
            c["Sym:Flows:test_access:Approvers:WebappView"] = "member";
        });
        string id = await host.Client(TestHost.AliceKey).CreateRequestAsync();

        HttpResponseMessage carol = await host.Client(TestHost.CarolKey).GetAsync(new Uri($"/api/requests/{id}", UriKind.Relative));
        HttpResponseMessage guest = await host.Client(TestHost.GuestKey).GetAsync(new Uri($"/api/requests/{id}", UriKind.Relative));

        carol.StatusCode.Should().Be(HttpStatusCode.OK);
        guest.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_WithContext_RecordsItWithTheRun()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);

        HttpResponseMessage created = await alice.PostJsonAsync("/api/requests",
            """{"flow":"test_access","target":"prod-db","duration":"1h","reason":"deploy","context":{"diff":"+a\n-b","job":42}}""");

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        string id = (await created.JsonAsync()).GetProperty("run").GetProperty("id").GetString()!;
        JsonElement context = (await alice.GetJsonAsync($"/api/requests/{id}")).GetProperty("context");
        context.GetProperty("diff").GetString().Should().Be("+a\n-b");
        context.GetProperty("job").GetInt32().Should().Be(42);
        SymRun stored = (await host.App.Services.GetRequiredService<SymEngine>().GetRunAsync(id))!;
        stored.Contexts["request"].GetProperty("job").GetInt32().Should().Be(42);
    }

    [Theory]
    [InlineData("\"text\"", "The context must be a JSON object, not text.")]
    [InlineData("[1,2]", "The context must be a JSON object, not a list.")]
    public async Task Create_WithContextNotAnObject_Is400WithContextErrorAndCreatesNothing(string context, string message)
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);

        HttpResponseMessage response = await alice.PostJsonAsync("/api/requests",
            $$"""{"flow":"test_access","target":"prod-db","duration":"1h","reason":"deploy","context":{{context}}}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonElement problem = await response.JsonAsync();
        problem.GetProperty("code").GetString().Should().Be(SymErrorCodes.InvalidRequest);
        problem.GetProperty("errors").GetProperty("context")[0].GetString().Should().Be(message);
        (await alice.GetJsonAsync("/api/requests")).GetProperty("runs").GetArrayLength().Should().Be(0);
    }

    /// <summary>A flow whose <c>repo</c> field offers one repository, computed per field.</summary>
    public sealed class OneRepoFlow : Sym.Sdk.Flows.FlowImplementation
    {
        public OneRepoFlow() => PrefetchField("repo", static (_, _) => new([new Sym.Sdk.Forms.FieldOption("docs")]));
    }

    [Fact]
    public async Task Create_PrefetchValueNeverOffered_Is400AndCreatesNothing()
    {
        await using TestHost host = await TestHost.StartAsync(c =>
        {
            c["Sym:Flows:test_access:Fields:2:Name"] = "repo";
            c["Sym:Flows:test_access:Fields:2:Prefetch"] = "true";
            c["Sym:Flows:test_access:Fields:2:Required"] = "false";
        }, hosting: h => h.AddFlowImplementation<OneRepoFlow>("test_access"));
        HttpClient alice = host.Client(TestHost.AliceKey);

        HttpResponseMessage forged = await alice.PostJsonAsync("/api/requests",
            """{"flow":"test_access","target":"prod-db","duration":"1h","reason":"r","fields":{"repo":"secrets"}}""");
        HttpResponseMessage offered = await alice.PostJsonAsync("/api/requests",
            """{"flow":"test_access","target":"prod-db","duration":"1h","reason":"r","fields":{"repo":"docs"}}""");

        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await forged.JsonAsync()).GetProperty("errors").GetProperty("repo")[0].GetString()
            .Should().Be("'secrets' is not one of the options offered for repo.");
        offered.StatusCode.Should().Be(HttpStatusCode.Created);
        (await alice.GetJsonAsync("/api/requests")).GetProperty("runs").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Create_WithContextOverTheCap_Is400()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);
        string big = new('x', AccessRequest.MaxContextLength);

        HttpResponseMessage response = await alice.PostJsonAsync("/api/requests",
            "{\"flow\":\"test_access\",\"target\":\"prod-db\",\"duration\":\"1h\",\"reason\":\"deploy\",\"context\":{\"diff\":\"" + big + "\"}}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").GetProperty("context")[0].GetString()
            .Should().Be("The context may have at most 32768 characters as JSON.");
    }

    [Fact]
    public async Task Approve_AlreadyApproved_Is409()
    {
        await using TestHost host = await TestHost.StartAsync();
        string id = await host.Client(TestHost.AliceKey).CreateRequestAsync();
        (await host.Client(TestHost.BobKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).EnsureSuccessStatusCode();

        HttpResponseMessage again = await host.Client(TestHost.RootKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null);

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.JsonAsync()).GetProperty("code").GetString().Should().Be("SymApi:INVALID_STATE");
        host.Strategy.Count("escalate", id).Should().Be(1);
    }

    [Fact]
    public async Task Deny_ThenListMine_ShowsDenied()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);
        string id = await alice.CreateRequestAsync();

        HttpResponseMessage denied = await host.Client(TestHost.BobKey).PostJsonAsync($"/api/requests/{id}/deny", """{"reason":"not now"}""");

        denied.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonElement mine = await alice.GetJsonAsync("/api/requests?state=denied");
        mine.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Equal(id);
        mine.GetProperty("runs")[0].GetProperty("decisionReason").GetString().Should().Be("not now");
        (await alice.GetJsonAsync("/api/requests?state=pending")).GetProperty("runs").GetArrayLength().Should().Be(0);
        (await host.Client(TestHost.BobKey).GetJsonAsync("/api/requests")).GetProperty("runs").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Revoke_ActiveGrant_ByRequester_Deescalates()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);
        string id = await alice.CreateRequestAsync();
        (await host.Client(TestHost.BobKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).EnsureSuccessStatusCode();

        HttpResponseMessage revoked = await alice.PostJsonAsync($"/api/requests/{id}/revoke", """{"reason":"done early"}""");

        revoked.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonElement run = (await revoked.JsonAsync()).GetProperty("run");
        run.GetProperty("state").GetString().Should().Be("ended");
        run.GetProperty("deescalateType").GetString().Should().Be("revoke");
        host.Strategy.Count("deescalate", id).Should().Be(1);
    }

    [Fact]
    public async Task Revoke_ByStranger_Is403()
    {
        await using TestHost host = await TestHost.StartAsync();
        string id = await host.Client(TestHost.AliceKey).CreateRequestAsync();
        (await host.Client(TestHost.BobKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).EnsureSuccessStatusCode();

        HttpResponseMessage response = await host.Client(TestHost.CarolKey).PostAsync(new Uri($"/api/requests/{id}/revoke", UriKind.Relative), null);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.JsonAsync()).GetProperty("detail").GetString().Should().Be("Only the requester, an approver of the request or an admin may revoke this access.");
        host.Strategy.Count("deescalate", id).Should().Be(0);
    }

    [Fact]
    public async Task Extend_ByTheRequester_ThenApprovedByAnApprover_MovesTheExpiryWithoutReescalating()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);
        HttpClient bob = host.Client(TestHost.BobKey);
        string id = await alice.CreateRequestAsync();
        JsonElement active = (await (await bob.PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).JsonAsync()).GetProperty("run");
        DateTimeOffset expires = active.GetProperty("expiresAt").GetDateTimeOffset();

        HttpResponseMessage asked = await alice.PostJsonAsync($"/api/requests/{id}/extend", """{"duration":"1h","reason":"migration runs long"}""");
        HttpResponseMessage approved = await bob.PostAsync(new Uri($"/api/requests/{id}/extension/approve", UriKind.Relative), null);

        asked.StatusCode.Should().Be(HttpStatusCode.OK, await asked.Content.ReadAsStringAsync());
        approved.StatusCode.Should().Be(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        (await approved.JsonAsync()).GetProperty("run").GetProperty("expiresAt").GetDateTimeOffset().Should().Be(expires.AddHours(1));
        host.Strategy.Count("escalate", id).Should().Be(1);
    }

    [Fact]
    public async Task ExtensionDeny_KeepsTheExpiry_AndASecondDecisionIs409()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);
        HttpClient bob = host.Client(TestHost.BobKey);
        string id = await alice.CreateRequestAsync();
        (await bob.PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).EnsureSuccessStatusCode();
        (await alice.PostJsonAsync($"/api/requests/{id}/extend", """{"duration":"1h"}""")).EnsureSuccessStatusCode();

        HttpResponseMessage denied = await bob.PostJsonAsync($"/api/requests/{id}/extension/deny", """{"reason":"not today"}""");
        HttpResponseMessage again = await bob.PostAsync(new Uri($"/api/requests/{id}/extension/approve", UriKind.Relative), null);

        denied.StatusCode.Should().Be(HttpStatusCode.OK);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.JsonAsync()).GetProperty("detail").GetString().Should().Be("No extension of this access awaits approval.");
    }

    [Theory]
    [InlineData("""{"reason":"no duration"}""")]
    [InlineData("""{"duration":"forever"}""")]
    [InlineData("""{"duration":"2h"}""")]
    public async Task Extend_WithoutAnAllowedDuration_Is400NamingIt(string body)
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);
        string id = await alice.CreateRequestAsync();
        (await host.Client(TestHost.BobKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).EnsureSuccessStatusCode();

        HttpResponseMessage response = await alice.PostJsonAsync($"/api/requests/{id}/extend", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonElement errors = (await response.JsonAsync()).GetProperty("errors");
        (errors.TryGetProperty("duration", out _) || errors.TryGetProperty("extension", out _)).Should().BeTrue(errors.ToString());
    }

    [Fact]
    public async Task Cancel_AnActiveRunByAnOutsider_Is403WithoutTheState()
    {
        await using TestHost host = await TestHost.StartAsync(c => c["Sym:Flows:test_access:Approvers:Users:0"] = "bob@example.com");
        string id = await host.Client(TestHost.AliceKey).CreateRequestAsync();
        (await host.Client(TestHost.BobKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).EnsureSuccessStatusCode();

        HttpResponseMessage response = await host.Client(TestHost.CarolKey).PostAsync(new Uri($"/api/requests/{id}/cancel", UriKind.Relative), null);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.JsonAsync()).GetProperty("detail").GetString().Should().Be("Only the requester or an admin may cancel this request.");
    }

    [Fact]
    public async Task Approvals_NeverListTheCallersOwnRequestWithoutSelfApproval_NorRunsTheyDenied()
    {
        await using TestHost host = await TestHost.StartAsync(c =>
        {
            c["Sym:Flows:test_access:DenyWins"] = "false";
            c["Sym:Flows:test_access:RequiredApprovals"] = "2";
        });
        HttpClient alice = host.Client(TestHost.AliceKey);
        string own = await alice.CreateRequestAsync();
        string bobs = await host.Client(TestHost.BobKey).CreateRequestAsync();
        (await alice.PostJsonAsync($"/api/requests/{bobs}/deny", """{"reason":"no"}""")).EnsureSuccessStatusCode();

        JsonElement approvals = await alice.GetJsonAsync("/api/approvals");

        approvals.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().NotContain([own, bobs]);
        (await alice.GetJsonAsync($"/api/requests/{bobs}")).GetProperty("state").GetString().Should().Be("pending", "one denial is not the quorum");
    }

    [Theory]
    [InlineData("""{"flow":"test_access","target":"prod-db","duration":"2h","reason":"x"}""", "duration")]
    [InlineData("""{"flow":"test_access","target":"prod-db","duration":"1h"}""", "reason")]
    [InlineData("""{"flow":"test_access","target":"staging","duration":"1h","reason":"x"}""", "target")]
    [InlineData("""{"flow":"test_access","target":"prod-db","duration":"soon","reason":"x"}""", "duration")]
    [InlineData("""{"flow":"test_access","target":"prod-db","duration":-5,"reason":"x"}""", "duration")]
    [InlineData("""{"flow":"no_such_flow","duration":"1h","reason":"x"}""", "flow")]
    [InlineData("""{"target":"prod-db","duration":"1h","reason":"x"}""", "flow")]
    public async Task Create_Invalid_Is400WithFieldErrors_AndCreatesNothing(string body, string field)
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);

        HttpResponseMessage response = await alice.PostJsonAsync("/api/requests", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonElement problem = await response.JsonAsync();
        problem.GetProperty("errors").TryGetProperty(field, out JsonElement messages).Should().BeTrue(problem.ToString());
        messages.GetArrayLength().Should().BeGreaterThan(0);
        (await alice.GetJsonAsync("/api/requests")).GetProperty("runs").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Create_EngineValidationError_CarriesTheEngineCode()
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).PostJsonAsync("/api/requests",
            """{"flow":"test_access","target":"prod-db","duration":"2h","reason":"x"}""");

        (await response.JsonAsync()).GetProperty("code").GetString().Should().Be(SymRequestValidationException.Code);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"flow":42}""")]
    public async Task Create_MalformedBody_Is400(string body)
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).PostJsonAsync("/api/requests", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("code").GetString().Should().Be("SymApi:INVALID_BODY");
    }

    [Fact]
    public async Task Create_NotJson_Is415()
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client(TestHost.AliceKey)
            .PostAsync(new Uri("/api/requests", UriKind.Relative), new StringContent("flow=test_access"));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("GET", "/api/requests/nope")]
    [InlineData("GET", "/api/requests/nope/audit")]
    [InlineData("POST", "/api/requests/nope/approve")]
    [InlineData("POST", "/api/requests/nope/revoke")]
    public async Task UnknownRun_Is404(string method, string path)
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client(TestHost.RootKey).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.JsonAsync()).GetProperty("code").GetString().Should().Be(SymErrorCodes.RunNotFound);
    }

    [Theory]
    [InlineData("/api/requests?state=sleeping", "state")]
    [InlineData("/api/requests?limit=0", "limit")]
    [InlineData("/api/approvals?limit=100000", "limit")]
    [InlineData("/api/requests?limit=ten", "limit")]
    [InlineData("/api/approvals?limit=1.5", "limit")]
    [InlineData("/api/approvals?before=yesterday", "before")]
    [InlineData("/api/approvals?beforeId=abc", "beforeId")]
    [InlineData("/api/requests?before=yesterday", "before")]
    [InlineData("/api/requests?before=", "before")]
    [InlineData("/api/requests?before=2026-01-05T09:00:00", "before")]
    [InlineData("/api/requests?before=2026-01-05T09:00:00+00:00", "before")]
    [InlineData("/api/requests?beforeId=abc", "beforeId")]
    [InlineData("/api/requests?before=2026-01-05T09:00:00Z&beforeId=", "beforeId")]
    public async Task List_BadQuery_Is400(string path, string field)
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Fact]
    public async Task ListMine_BadCursor_IsProblemNamingTheParameterWithAnExample()
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).GetAsync(new Uri("/api/requests?before=last-tuesday", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonElement problem = await response.JsonAsync();
        problem.GetProperty("code").GetString().Should().Be("SymApi:INVALID_QUERY");
        problem.GetProperty("errors").GetProperty("before")[0].GetString().Should()
            .Contain("'last-tuesday'").And.Contain("ISO 8601").And.Contain("%2B");
    }

    [Fact]
    public async Task ListMine_Before_ReturnsOnlyOlderRunsNewestFirst()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);
        var ids = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            ids.Add(await alice.CreateRequestAsync());
            host.Time.Advance(TimeSpan.FromMinutes(1));
        }

        JsonElement all = await alice.GetJsonAsync("/api/requests");
        all.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Equal(ids[2], ids[1], ids[0]);
        all.TryGetProperty("next", out _).Should().BeFalse("everything fit on one page");
        string newest = all.GetProperty("runs")[0].GetProperty("requestedAt").GetString()!;

        JsonElement older = await alice.GetJsonAsync($"/api/requests?before={Uri.EscapeDataString(newest)}");
        older.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Equal(ids[1], ids[0]);

        DateTimeOffset middle = DateTimeOffset.Parse(all.GetProperty("runs")[1].GetProperty("requestedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        string utc = middle.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        (await alice.GetJsonAsync($"/api/requests?before={utc}&state=pending")).GetProperty("runs").EnumerateArray()
            .Select(r => r.GetProperty("id").GetString()).Should().Equal(ids[0]);
        (await alice.GetJsonAsync($"/api/requests?before={utc}&state=active")).GetProperty("runs").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task ListMine_Paging_FollowsNextThroughRunsRequestedAtOneInstant()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);
        var mine = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 5; i++)
        {
            mine.Add(await alice.CreateRequestAsync()); // the fake clock stands still: five runs at one instant
        }

        await host.Client(TestHost.BobKey).CreateRequestAsync();

        List<string[]> pages = await ReadPagesAsync(alice, "/api/requests?limit=2&state=pending", "/api/requests?state=pending&limit=2&before=");

        pages.Select(p => p.Length).Should().Equal(2, 2, 1);
        string[] read = [.. pages.SelectMany(p => p)];
        read.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(mine, "every run once, and none of bob's");
        read.Should().BeInDescendingOrder(StringComparer.Ordinal, "runs at one instant come in descending id order");
    }

    [Fact]
    public async Task Approvals_Paging_FollowsNextNewestFirstThroughRunsTheCallerMayDecide()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);
        HttpClient bob = host.Client(TestHost.BobKey);
        var decidable = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            decidable.Add(await alice.CreateRequestAsync());
            await bob.CreateRequestAsync(); // his own: never among his approvals
            host.Time.Advance(TimeSpan.FromMinutes(1));
        }

        List<string[]> pages = await ReadPagesAsync(bob, "/api/approvals?limit=2", "/api/approvals?limit=2&before=");

        pages.Select(p => p.Length).Should().Equal(2, 2, 1);
        pages.SelectMany(p => p).Should().Equal(Enumerable.Reverse(decidable), "newest first, each once, none of bob's own");
    }

    [Fact]
    public async Task Approvals_DecidableRunsBehindMoreThanAStorePageOfOthers_AreFound()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient bob = host.Client(TestHost.BobKey);
        string older = await host.Client(TestHost.AliceKey).CreateRequestAsync();
        host.Time.Advance(TimeSpan.FromMinutes(1));
        for (int i = 0; i < SymRunQuery.DefaultLimit + 20; i++)
        {
            await bob.CreateRequestAsync(); // newer pending runs bob may not decide: the first store page holds only these
        }

        JsonElement approvals = await bob.GetJsonAsync("/api/approvals?limit=1");

        approvals.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Equal(older);
        approvals.TryGetProperty("next", out _).Should().BeFalse("no other run is bob's to decide");
    }

    [Fact]
    public async Task Approvals_AfterTheCallerVoted_LeavesTheirList()
    {
        await using TestHost host = await TestHost.StartAsync(c => c["Sym:Flows:test_access:RequiredApprovals"] = "2");
        string id = await host.Client(TestHost.AliceKey).CreateRequestAsync();
        (await host.Client(TestHost.BobKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).EnsureSuccessStatusCode();

        JsonElement bobs = await host.Client(TestHost.BobKey).GetJsonAsync("/api/approvals");
        JsonElement roots = await host.Client(TestHost.RootKey).GetJsonAsync("/api/approvals");

        (await host.Client(TestHost.AliceKey).GetJsonAsync($"/api/requests/{id}")).GetProperty("state").GetString().Should().Be("pending");
        bobs.GetProperty("runs").GetArrayLength().Should().Be(0, "bob has voted");
        roots.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Equal(id);
    }

    [Fact]
    public async Task Create_WhenEscalationFails_RunErrorsAndIsCompensated()
    {
        await using TestHost host = await TestHost.StartAsync();
        host.Strategy.FailEscalate = true;
        string id = await host.Client(TestHost.AliceKey).CreateRequestAsync();

        JsonElement answer = await (await host.Client(TestHost.BobKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).JsonAsync();

        JsonElement run = answer.GetProperty("run");
        run.GetProperty("state").GetString().Should().Be("errored");
        run.GetProperty("errors")[0].GetProperty("step").GetString().Should().Be("escalate");
        host.Strategy.Count("deescalate", id).Should().Be(1);
        answer.GetProperty("status").GetString().Should().Be("applied", "the approval is recorded");
        answer.GetProperty("message").GetString().Should().StartWith("The request was approved, but access could not be granted: ");
        answer.GetProperty("error").GetProperty("step").GetString().Should().Be("escalate");
    }

    [Fact]
    public async Task Approve_WhenEscalationSucceeds_HasNoError()
    {
        await using TestHost host = await TestHost.StartAsync();
        string id = await host.Client(TestHost.AliceKey).CreateRequestAsync();

        JsonElement answer = await (await host.Client(TestHost.BobKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).JsonAsync();

        answer.GetProperty("message").GetString().Should().Be("The request was approved.");
        answer.TryGetProperty("error", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Health_WhenStoreFails_Is503()
    {
        await using TestHost host = await TestHost.StartAsync(services: s => s.AddStore(new FailingRunStore()));

        HttpResponseMessage response = await host.Client().GetAsync(new Uri("/health", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.JsonAsync()).GetProperty("status").GetString().Should().Be("Unhealthy");
    }

    [Fact]
    public async Task List_WhenTheStoreIsBusy_Is503WithTheCodeAndRetryAfterButNotTheStoresMessage()
    {
        await using TestHost host = await TestHost.StartAsync(services: s => s.AddStore(
            new FailingRunStore(new SymException("Storage:BUSY", "The Sym store '/srv/secret/sym.db' stayed locked by another writer while listing runs."))));

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).GetAsync(new Uri("/api/requests", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        string body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("/srv/secret");
        (await response.JsonAsync()).GetProperty("code").GetString().Should().Be("Storage:BUSY");
    }

    [Theory]
    [InlineData("/api/requests")]
    [InlineData("/api/approvals")]
    [InlineData("/api/requests/r1")]
    public async Task Api_WhenTheStoreThrowsSomethingUntyped_Is500ProblemWithoutTheExceptionMessage(string path)
    {
        await using TestHost host = await TestHost.StartAsync(services: s => s.AddStore(new FailingRunStore()));

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().NotContain("database is locked");
        (await response.JsonAsync()).GetProperty("code").GetString().Should().Be("SymApi:INTERNAL_ERROR");
    }

    private static async Task<string> PollStateAsync(TestHost host, HttpClient client, string id, string wanted)
    {
        string state = "";
        for (int i = 0; i < 400 && state != wanted; i++)
        {
            // The scheduler waits on the fake clock: keep time moving while waiting for it to fire.
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
            state = (await client.GetJsonAsync($"/api/requests/{id}")).GetProperty("state").GetString()!;
            if (state != wanted)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System);
            }
        }

        return state;
    }

    /// <summary>Follows <c>next</c> from <paramref name="first"/> to the last page; every link keeps the query and moves the cursor.</summary>
    private static async Task<List<string[]>> ReadPagesAsync(HttpClient client, string first, string nextPrefix)
    {
        var pages = new List<string[]>();
        for (string? next = first; next is not null;)
        {
            JsonElement page = await client.GetJsonAsync(next);
            pages.Add([.. page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)]);
            next = page.TryGetProperty("next", out JsonElement link) ? link.GetString() : null;
            next?.Should().StartWith(nextPrefix).And.Contain("&beforeId=");
        }

        return pages;
    }

    /// <summary>A store whose every operation fails with one error (a dead disk, a locked file).</summary>
    private sealed class FailingRunStore(Exception? error = null) : ISymStore
    {
        private readonly Exception _error = error ?? new IOException("database is locked");

        public ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => throw _error;

        public ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default) => throw _error;

        public IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, CancellationToken cancellationToken = default) => throw _error;

        public IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, CancellationToken cancellationToken = default) => throw _error;

        public ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default) => throw _error;

        public ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken = default) => throw _error;

        public ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) => throw _error;

        public ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default) => throw _error;

        public ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default) => throw _error;

        public ValueTask<IReadOnlyList<SymOutboxMessage>> ClaimDueMessagesAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
            throw _error;

        public ValueTask CompleteMessageAsync(SymOutboxMessage message, CancellationToken cancellationToken = default) => throw _error;

        public ValueTask RetryMessageAsync(SymOutboxMessage message, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default) => throw _error;

        public ValueTask<IReadOnlyList<SymOutboxMessage>> GetPendingMessagesAsync(string? runId = null, CancellationToken cancellationToken = default) => throw _error;

        public ValueTask<SymInboxItem?> TryAddInboxItemAsync(SymInboxItem item, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) =>
            throw _error;

        public ValueTask<IReadOnlyList<SymInboxItem>> ClaimInboxItemsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
            throw _error;

        public ValueTask CompleteInboxItemAsync(SymInboxItem item, DateTimeOffset processedAt, CancellationToken cancellationToken = default) => throw _error;

        public ValueTask<int> PurgeInboxAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken = default) => throw _error;
    }
}

