using Sym.Sdk.Integrations.Slack.BlockKit;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Slack;

public sealed class SlackClientTests : IDisposable
{
    private readonly SlackTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task PostMessageAsync_Ok_SendsJsonWithBearerTokenAndReturnsRef()
    {
        _host.Http.On(HttpMethod.Post, "/api/chat.postMessage")
            .RespondJson("""{"ok":true,"channel":"C123","ts":"1700000000.000100","message":{"text":"hi"}}""");
        SlackBlock[] blocks = [new SlackDividerBlock { BlockId = "d1" }, SlackBlock.FromJson("""{"type":"image","image_url":"https://example.com/a.png","alt_text":"a"}""")];

        SlackMessageRef posted = await _host.Client.PostMessageAsync("C123", new SlackMessage("hi", blocks) { ThreadTs = "1.2" });

        posted.Should().Be(new SlackMessageRef("C123", "1700000000.000100"));
        RecordedHttpRequest request = _host.Http.Requests.Should().ContainSingle().Subject;
        request.Uri.Should().Be(new Uri("https://slack.com/api/chat.postMessage"));
        request.Header("Authorization").Should().Be($"Bearer {SlackTestHost.Token}");
        request.Header("Content-Type").Should().StartWith("application/json");
        using JsonDocument body = JsonDocument.Parse(request.BodyText);
        body.RootElement.GetProperty("channel").GetString().Should().Be("C123");
        body.RootElement.GetProperty("text").GetString().Should().Be("hi");
        body.RootElement.GetProperty("thread_ts").GetString().Should().Be("1.2");
        body.RootElement.GetProperty("blocks").GetRawText().Should().Be(
            """[{"type":"divider","block_id":"d1"},{"type":"image","image_url":"https://example.com/a.png","alt_text":"a"}]""",
            "typed blocks and blocks given as JSON are written as Slack documents them");
    }

    [Fact]
    public async Task LookupUserByEmailAsync_Ok_EscapesEmailAndMapsProfile()
    {
        _host.Http.On(HttpMethod.Get, "/api/users.lookupByEmail").RespondJson("""
            {"ok":true,"user":{"id":"U1","team_id":"T1","name":"alice","deleted":false,"is_bot":false,"is_restricted":true,
             "profile":{"email":"a+b@example.com","display_name":"Alice A","real_name":"Alice Anders"}}}
            """);

        SlackUserInfo user = await _host.Client.LookupUserByEmailAsync("a+b@example.com");

        user.Should().BeEquivalentTo(new SlackUserInfo
        {
            Id = "U1", TeamId = "T1", Name = "alice", RealName = "Alice Anders", DisplayName = "Alice A", Email = "a+b@example.com",
            IsRestricted = true,
        });
        _host.Http.Requests.Single().Uri.Query.Should().Be("?email=a%2Bb%40example.com");
    }

    [Fact]
    public async Task UpdateMessageAsync_TextOnly_ClearsBlocks()
    {
        _host.Http.On(HttpMethod.Post, "/api/chat.update").RespondJson("""{"ok":true,"channel":"C1","ts":"1.1"}""");

        await _host.Client.UpdateMessageAsync(new SlackMessageRef("C1", "1.1"), "done");

        using JsonDocument body = JsonDocument.Parse(_host.Http.Requests.Single().BodyText);
        body.RootElement.GetProperty("ts").GetString().Should().Be("1.1");
        body.RootElement.GetProperty("blocks").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task OpenConversationAsync_SeveralUsers_JoinsIdsAndReturnsChannel()
    {
        _host.Http.On(HttpMethod.Post, "/api/conversations.open").RespondJson("""{"ok":true,"channel":{"id":"G9"}}""");

        string id = await _host.Client.OpenConversationAsync(["U1", "U2"]);

        id.Should().Be("G9");
        _host.Http.Requests.Single().BodyText.Should().Contain("\"users\":\"U1,U2\"");
    }

    [Fact]
    public async Task OpenConversationAsync_NineUsers_ThrowsWithoutCalling()
    {
        Func<Task> act = () => _host.Client.OpenConversationAsync([.. Enumerable.Range(1, 9).Select(i => $"U{i}")]);

        await act.Should().ThrowAsync<ArgumentException>();
        _host.Http.Requests.Should().BeEmpty();
    }

    public static TheoryData<string, Type, string> MappedErrors() => new()
    {
        { "not_authed", typeof(SymAuthenticationException), SlackErrorCodes.NotAuthed },
        { "invalid_auth", typeof(SymAuthenticationException), SlackErrorCodes.InvalidAuth },
        { "account_inactive", typeof(SymAuthenticationException), SlackErrorCodes.AccountInactive },
        { "token_revoked", typeof(SymAuthenticationException), SlackErrorCodes.TokenRevoked },
        { "token_expired", typeof(SymAuthenticationException), SlackErrorCodes.TokenExpired },
        { "missing_scope", typeof(SymAuthenticationException), SlackErrorCodes.MissingScope },
        { "ratelimited", typeof(SymRateLimitedException), SlackErrorCodes.RateLimited },
        { "channel_not_found", typeof(SymNotFoundException), SlackErrorCodes.ChannelNotFound },
        { "not_in_channel", typeof(SymException), SlackErrorCodes.NotInChannel },
        { "is_archived", typeof(SymException), SlackErrorCodes.IsArchived },
        { "users_not_found", typeof(SymNotFoundException), SlackErrorCodes.UsersNotFound },
        { "user_not_found", typeof(SymNotFoundException), SlackErrorCodes.UserNotFound },
        { "user_not_visible", typeof(SymNotFoundException), SlackErrorCodes.UserNotVisible },
        { "invalid_blocks", typeof(SymException), SlackErrorCodes.InvalidBlocks },
        { "msg_too_long", typeof(SymException), SlackErrorCodes.MessageTooLong },
        { "message_not_found", typeof(SymNotFoundException), SlackErrorCodes.MessageNotFound },
        { "cant_update_message", typeof(SymException), SlackErrorCodes.CantUpdateMessage },
        { "expired_trigger_id", typeof(SymException), SlackErrorCodes.ExpiredTriggerId },
        { "invalid_trigger_id", typeof(SymException), SlackErrorCodes.InvalidTriggerId },
        { "too_many_users", typeof(SymException), SlackErrorCodes.TooManyUsers },
        { "some_future_error", typeof(SymException), "Slack:SOME_FUTURE_ERROR" },
    };

    [Theory]
    [MemberData(nameof(MappedErrors))]
    public async Task PostMessageAsync_ErrorEnvelope_ThrowsMappedExceptionWithoutRetry(string slackError, Type expectedType, string expectedCode)
    {
        string body = $$"""{"ok":false,"error":"{{slackError}}"}""";
        _host.Http.On(HttpMethod.Post, "/api/chat.postMessage").RespondJson(body);

        SymException ex = (await ((Func<Task>)(() => _host.Client.PostMessageAsync("C1", "hi"))).Should().ThrowAsync<SymException>()).Which;

        ex.GetType().Should().Be(expectedType);
        ex.ErrorCode.Should().Be(expectedCode);
        ex.StatusCode.Should().Be(200);
        ex.RawResponse.Should().Be(body);
        ex.Hint.Should().NotBeNullOrWhiteSpace();
        ex.Message.Should().Contain("chat.postMessage").And.Contain(slackError);
        _host.Http.Requests.Should().HaveCount(1, "an error envelope is never retried");
    }

    public static TheoryData<string, bool> Permanence() => new()
    {
        { "channel_not_found", true },
        { "not_in_channel", true },
        { "is_archived", true },
        { "invalid_auth", true },
        { "missing_scope", true },
        { "message_not_found", true },
        { "cant_update_message", true },
        { "invalid_blocks", true },
        { "some_future_error", true },
        { "ratelimited", false },
        { "internal_error", false },
        { "fatal_error", false },
        { "service_unavailable", false },
        { "request_timeout", false },
    };

    [Theory]
    [MemberData(nameof(Permanence))]
    public async Task PostMessageAsync_ErrorEnvelope_SaysWhetherItIsPermanent(string slackError, bool permanent)
    {
        _host.Http.On(HttpMethod.Post, "/api/chat.postMessage").RespondJson($$"""{"ok":false,"error":"{{slackError}}"}""");

        SymException ex = (await ((Func<Task>)(() => _host.Client.PostMessageAsync("C1", "hi"))).Should().ThrowAsync<SymException>()).Which;

        ex.IsPermanent.Should().Be(permanent);
    }

    [Fact]
    public async Task PostMessageAsync_WithMetadata_SendsItAsAnObject()
    {
        _host.Http.On(HttpMethod.Post, "/api/chat.postMessage").RespondJson("""{"ok":true,"channel":"C1","ts":"1.1"}""");
        var payload = new JsonObject { ["sym_outbox_id"] = "m-1", ["n"] = 2 };

        await _host.Client.PostMessageAsync("C1", new SlackMessage("hi") { Metadata = new SlackMessageMetadata("sym_message", payload) });

        using JsonDocument body = JsonDocument.Parse(_host.Http.Requests.Single().BodyText);
        JsonElement metadata = body.RootElement.GetProperty("metadata");
        metadata.GetProperty("event_type").GetString().Should().Be("sym_message");
        metadata.GetProperty("event_payload").GetProperty("sym_outbox_id").GetString().Should().Be("m-1");
        metadata.GetProperty("event_payload").GetProperty("n").GetInt32().Should().Be(2);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task PostMessageAsync_ServerError_IsNotRetriedBecauseSlackMayHavePosted(HttpStatusCode status)
    {
        _host.Http.On(HttpMethod.Post, "/api/chat.postMessage")
            .Respond(status, "oops", "text/plain")
            .RespondJson("""{"ok":true,"channel":"C1","ts":"1.1"}""");

        SymException ex = (await ((Func<Task>)(() => _host.RunAsync(c => c.PostMessageAsync("C1", "hi")))).Should().ThrowAsync<SymException>()).Which;

        ex.ErrorCode.Should().Be(SlackErrorCodes.ServerError);
        ex.IsPermanent.Should().BeFalse();
        ex.Hint.Should().Contain("not retried");
        _host.Http.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task PostEphemeralAsync_ServerError_IsNotRetried()
    {
        _host.Http.On(HttpMethod.Post, "/api/chat.postEphemeral").Respond(HttpStatusCode.BadGateway, "oops", "text/plain");

        await ((Func<Task>)(() => _host.RunAsync(c => c.PostEphemeralAsync("C1", "U1", "hi")))).Should().ThrowAsync<SymException>();

        _host.Http.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task PostMessageAsync_ConnectionDroppedAfterSending_IsNotRetried()
    {
        _host.Http.On(HttpMethod.Post, "/api/chat.postMessage")
            .Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."))
            .RespondJson("""{"ok":true,"channel":"C1","ts":"1.1"}""");

        SymException ex = (await ((Func<Task>)(() => _host.RunAsync(c => c.PostMessageAsync("C1", "hi")))).Should().ThrowAsync<SymException>()).Which;

        ex.ErrorCode.Should().Be(SlackErrorCodes.NetworkError);
        _host.Http.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task PostMessageAsync_ConnectionNeverOpened_IsRetried()
    {
        _host.Http.On(HttpMethod.Post, "/api/chat.postMessage")
            .Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused."))
            .RespondJson("""{"ok":true,"channel":"C1","ts":"1.1"}""");

        SlackMessageRef posted = await _host.RunAsync(c => c.PostMessageAsync("C1", "hi"));

        posted.Ts.Should().Be("1.1");
        _host.Http.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task UpdateMessageAsync_ServerErrorThenOk_IsRetriedBecauseItIsIdempotent()
    {
        _host.Http.On(HttpMethod.Post, "/api/chat.update")
            .Respond(HttpStatusCode.ServiceUnavailable, "down", "text/plain")
            .RespondJson("""{"ok":true,"channel":"C1","ts":"1.1"}""");

        await _host.RunAsync(c => c.UpdateMessageAsync(new SlackMessageRef("C1", "1.1"), "hi"));

        _host.Http.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task ListMessagesAsync_TwoPages_FollowsTheCursorAndReadsMetadata()
    {
        _host.Http.On(HttpMethod.Get, "/api/conversations.history")
            .RespondJson("""
                {"ok":true,"messages":[
                  {"type":"message","ts":"1764072001.000200","text":"newest","bot_id":"B1","metadata":{"event_type":"sym_message","event_payload":{"sym_outbox_id":"m-2"}}},
                  {"type":"message","ts":"1764072000.000100","text":"plain","user":"U1"}],
                 "has_more":true,"response_metadata":{"next_cursor":"bmV4dA=="}}
                """)
            .RespondJson("""{"ok":true,"messages":[{"type":"message","ts":"1764071999.000001","thread_ts":"1.1","metadata":{"event_type":"x","event_payload":"not an object"}}]}""");
        var oldest = new DateTimeOffset(2025, 11, 25, 12, 0, 0, TimeSpan.Zero).AddTicks(1234560);

        var messages = new List<SlackHistoryMessage>();
        await foreach (SlackHistoryMessage message in _host.Client.ListMessagesAsync("C1", oldest))
        {
            messages.Add(message);
        }

        messages.Select(m => m.Ts).Should().Equal("1764072001.000200", "1764072000.000100", "1764071999.000001");
        messages[0].Metadata!.EventType.Should().Be("sym_message");
        messages[0].Metadata!.GetString("sym_outbox_id").Should().Be("m-2");
        messages[0].BotId.Should().Be("B1");
        messages[1].Metadata.Should().BeNull();
        messages[1].UserId.Should().Be("U1");
        messages[2].Metadata.Should().BeNull("a payload that is not an object is not metadata");
        messages[2].ThreadTs.Should().Be("1.1");
        IReadOnlyList<RecordedHttpRequest> requests = _host.Http.Requests;
        requests.Should().HaveCount(2);
        requests[0].Uri.Query.Should().Contain("channel=C1").And.Contain("include_all_metadata=true")
            .And.Contain("oldest=1764072000.123456").And.Contain("limit=200").And.NotContain("cursor=");
        requests[1].Uri.Query.Should().Contain("cursor=bmV4dA%3D%3D");
    }

    [Fact]
    public async Task ListMessagesAsync_MissingHistoryScope_ThrowsAPermanentAuthenticationError()
    {
        _host.Http.On(HttpMethod.Get, "/api/conversations.history")
            .RespondJson("""{"ok":false,"error":"missing_scope","needed":"channels:history","provided":"chat:write"}""");

        Func<Task> act = async () =>
        {
            await foreach (SlackHistoryMessage _ in _host.Client.ListMessagesAsync("C1"))
            {
            }
        };

        SymAuthenticationException ex = (await act.Should().ThrowAsync<SymAuthenticationException>()).Which;
        ex.IsPermanent.Should().BeTrue();
        ex.Message.Should().Contain("channels:history");
    }

    [Fact]
    public async Task GetUserAsync_MissingScope_NamesTheNeededScope()
    {
        _host.Http.On(HttpMethod.Get, "/api/users.info")
            .RespondJson("""{"ok":false,"error":"missing_scope","needed":"users:read","provided":"chat:write"}""");

        Func<Task> act = () => _host.Client.GetUserAsync("U1");

        (await act.Should().ThrowAsync<SymAuthenticationException>()).Which.Message.Should().Contain("needed: users:read");
    }

    [Fact]
    public async Task PostMessageAsync_429WithRetryAfterThenOk_WaitsRetryAfterAndSucceeds()
    {
        var sentAt = new List<DateTimeOffset>();
        _host.Http.On(HttpMethod.Post, "/api/chat.postMessage")
            .Respond(_ =>
            {
                sentAt.Add(_host.Time.GetUtcNow());
                var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
                {
                    Content = new StringContent("""{"ok":false,"error":"ratelimited"}"""),
                };
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(2));
                return response;
            })
            .Respond(_ =>
            {
                sentAt.Add(_host.Time.GetUtcNow());
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"ok":true,"channel":"C1","ts":"1.1"}""") };
            });

        SlackMessageRef posted = await _host.RunAsync(c => c.PostMessageAsync("C1", "hi"));

        posted.Ts.Should().Be("1.1");
        sentAt.Should().HaveCount(2);
        (sentAt[1] - sentAt[0]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2)).And.BeLessThan(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task PostMessageAsync_429Always_ThrowsRateLimitedWithRetryAfterAfterBoundedRetries()
    {
        _host.Http.On(HttpMethod.Post, "/api/chat.postMessage").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return response;
        });

        SymRateLimitedException ex = (await ((Func<Task>)(() => _host.RunAsync(c => c.PostMessageAsync("C1", "hi"))))
            .Should().ThrowAsync<SymRateLimitedException>()).Which;

        ex.ErrorCode.Should().Be(SlackErrorCodes.RateLimited);
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(1));
        ex.StatusCode.Should().Be(429);
        _host.Http.Requests.Should().HaveCount(4, "one call and the default three retries");
    }

    [Fact]
    public async Task GetUserAsync_503ThenOk_RetriesAndSucceeds()
    {
        _host.Http.On(HttpMethod.Get, "/api/users.info")
            .Respond(HttpStatusCode.ServiceUnavailable, "upstream unavailable", "text/plain")
            .RespondJson("""{"ok":true,"user":{"id":"U1","name":"alice"}}""");

        SlackUserInfo user = await _host.RunAsync(c => c.GetUserAsync("U1"));

        user.Id.Should().Be("U1");
        _host.Http.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task GetUserAsync_NetworkErrorThenOk_RetriesAndSucceeds()
    {
        _host.Http.On(HttpMethod.Get, "/api/users.info")
            .Throw()
            .RespondJson("""{"ok":true,"user":{"id":"U1","name":"alice"}}""");

        SlackUserInfo user = await _host.RunAsync(c => c.GetUserAsync("U1"));

        user.Name.Should().Be("alice");
        _host.Http.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task GetUserAsync_500Always_ThrowsServerErrorAfterBoundedRetries()
    {
        using var host = new SlackTestHost(o => o.MaxRetries = 2);
        host.Http.On(HttpMethod.Get, "/api/users.info").Respond(HttpStatusCode.InternalServerError, "oops", "text/plain");

        SymException ex = (await ((Func<Task>)(() => host.RunAsync(c => c.GetUserAsync("U1")))).Should().ThrowAsync<SymException>()).Which;

        ex.ErrorCode.Should().Be(SlackErrorCodes.ServerError);
        ex.StatusCode.Should().Be(500);
        host.Http.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task GetUserAsync_NetworkErrorAlways_ThrowsNetworkError()
    {
        using var host = new SlackTestHost(o => o.MaxRetries = 1);
        host.Http.On(HttpMethod.Get, "/api/users.info").Throw();

        SymException ex = (await ((Func<Task>)(() => host.RunAsync(c => c.GetUserAsync("U1")))).Should().ThrowAsync<SymException>()).Which;

        ex.ErrorCode.Should().Be(SlackErrorCodes.NetworkError);
        ex.InnerException.Should().BeOfType<HttpRequestException>();
        host.Http.Requests.Should().HaveCount(2);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task GetUserAsync_NonThrottling4xx_DoesNotRetry(HttpStatusCode status)
    {
        _host.Http.On(HttpMethod.Get, "/api/users.info").Respond(status, """{"ok":false,"error":"invalid_arguments"}""");

        SymException ex = (await ((Func<Task>)(() => _host.RunAsync(c => c.GetUserAsync("U1")))).Should().ThrowAsync<SymException>()).Which;

        ex.ErrorCode.Should().Be("Slack:INVALID_ARGUMENTS");
        ex.StatusCode.Should().Be((int)status);
        _host.Http.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task GetUserAsync_BodyNotJson_ThrowsInvalidResponse()
    {
        _host.Http.On(HttpMethod.Get, "/api/users.info").Respond(HttpStatusCode.OK, "<html>proxy</html>", "text/html");

        SymException ex = (await ((Func<Task>)(() => _host.Client.GetUserAsync("U1"))).Should().ThrowAsync<SymException>()).Which;

        ex.ErrorCode.Should().Be(SlackErrorCodes.InvalidResponse);
        ex.RawResponse.Should().Be("<html>proxy</html>");
    }

    [Fact]
    public async Task ListUsersAsync_ThreePages_FollowsCursorsAndYieldsEveryUser()
    {
        _host.Http.On(HttpMethod.Get, "/api/users.list").Respond(request =>
        {
            string query = request.Uri.Query;
            string json = query.Contains("cursor=c2", StringComparison.Ordinal)
                ? """{"ok":true,"members":[{"id":"U5"}],"response_metadata":{"next_cursor":""}}"""
                : query.Contains("cursor=c%3D1", StringComparison.Ordinal)
                    ? """{"ok":true,"members":[{"id":"U3"},{"id":"U4"}],"response_metadata":{"next_cursor":"c2"}}"""
                    : """{"ok":true,"members":[{"id":"U1"},{"id":"U2"}],"response_metadata":{"next_cursor":"c=1"}}""";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json) };
        });

        var ids = new List<string>();
        await foreach (SlackUserInfo user in _host.Client.ListUsersAsync())
        {
            ids.Add(user.Id);
        }

        ids.Should().Equal("U1", "U2", "U3", "U4", "U5");
        _host.Http.Requests.Select(r => r.Uri.Query).Should().Equal(
            "?limit=200", "?limit=200&cursor=c%3D1", "?limit=200&cursor=c2");
    }

    [Fact]
    public async Task ListConversationMembersAsync_TwoPages_YieldsAllIds()
    {
        _host.Http.On(HttpMethod.Get, "/api/conversations.members")
            .RespondJson("""{"ok":true,"members":["U1","U2"],"response_metadata":{"next_cursor":"n1"}}""")
            .RespondJson("""{"ok":true,"members":["U3"]}""");

        var ids = new List<string>();
        await foreach (string id in _host.Client.ListConversationMembersAsync("C1"))
        {
            ids.Add(id);
        }

        ids.Should().Equal("U1", "U2", "U3");
        _host.Http.Requests[1].Uri.Query.Should().Be("?channel=C1&limit=200&cursor=n1");
    }

    [Fact]
    public async Task ListConversationsAsync_AsksForPublicAndPrivateUnarchived()
    {
        _host.Http.On(HttpMethod.Get, "/api/conversations.list")
            .RespondJson("""{"ok":true,"channels":[{"id":"C1","name":"general","is_member":true},{"id":"G1","name":"secret","is_private":true}]}""");

        var channels = new List<SlackConversation>();
        await foreach (SlackConversation c in _host.Client.ListConversationsAsync())
        {
            channels.Add(c);
        }

        channels.Select(c => (c.Id, c.Name, c.IsPrivate, c.IsMember)).Should().Equal(("C1", "general", false, true), ("G1", "secret", true, false));
        Uri.UnescapeDataString(_host.Http.Requests.Single().Uri.Query).Should().Be("?types=public_channel,private_channel&exclude_archived=true&limit=200");
    }

    [Fact]
    public async Task ListUserGroupUsersAsync_Ok_ReturnsUsers()
    {
        _host.Http.On(HttpMethod.Get, "/api/usergroups.users.list").RespondJson("""{"ok":true,"users":["U1","U2"]}""");

        IReadOnlyList<string> users = await _host.Client.ListUserGroupUsersAsync("S1");

        users.Should().Equal("U1", "U2");
        _host.Http.Requests.Single().Uri.Query.Should().Be("?usergroup=S1");
    }

    [Fact]
    public async Task OpenViewAsync_Ok_SendsTriggerAndView()
    {
        _host.Http.On(HttpMethod.Post, "/api/views.open").RespondJson("""{"ok":true,"view":{"id":"V1","hash":"h1"}}""");
        var view = new JsonObject { ["type"] = "modal", ["blocks"] = new JsonArray() };

        SlackViewRef opened = await _host.Client.OpenViewAsync("trig.1", view);

        opened.Should().Be(new SlackViewRef("V1", "h1"));
        using JsonDocument body = JsonDocument.Parse(_host.Http.Requests.Single().BodyText);
        body.RootElement.GetProperty("trigger_id").GetString().Should().Be("trig.1");
        body.RootElement.GetProperty("view").GetProperty("type").GetString().Should().Be("modal");
    }

    [Fact]
    public async Task UpdateViewAsync_WithHash_SendsHash()
    {
        _host.Http.On(HttpMethod.Post, "/api/views.update").RespondJson("""{"ok":true,"view":{"id":"V1","hash":"h2"}}""");

        SlackViewRef updated = await _host.Client.UpdateViewAsync("V1", new JsonObject { ["type"] = "modal" }, "h1");

        updated.Hash.Should().Be("h2");
        _host.Http.Requests.Single().BodyText.Should().Contain("\"hash\":\"h1\"").And.Contain("\"view_id\":\"V1\"");
    }

    [Fact]
    public async Task PostEphemeralAsync_Ok_ReturnsMessageTs()
    {
        _host.Http.On(HttpMethod.Post, "/api/chat.postEphemeral").RespondJson("""{"ok":true,"message_ts":"5.5"}""");

        string ts = await _host.Client.PostEphemeralAsync("C1", "U1", "only you");

        ts.Should().Be("5.5");
        _host.Http.Requests.Single().BodyText.Should().Contain("\"user\":\"U1\"");
    }

    [Fact]
    public async Task Calls_SuccessFailureRetryAndWarning_NeverLogTheToken()
    {
        _host.Http.On(HttpMethod.Post, "/api/chat.postMessage")
            .Respond(HttpStatusCode.TooManyRequests, "slow down", "text/plain")
            .RespondJson("""{"ok":true,"channel":"C1","ts":"1.1","warning":"missing_charset"}""");
        _host.Http.On(HttpMethod.Get, "/api/users.info").RespondJson("""{"ok":false,"error":"invalid_auth"}""");

        await _host.RunAsync(c => c.PostMessageAsync("C1", "hi"));
        SymException ex = (await ((Func<Task>)(() => _host.Client.GetUserAsync("U1"))).Should().ThrowAsync<SymException>()).Which;

        _host.Logs.Lines.Should().Contain(l => l.Contains("missing_charset", StringComparison.Ordinal), "warnings are logged");
        _host.Logs.Lines.Should().Contain(l => l.Contains("Retrying Slack", StringComparison.Ordinal), "retries are logged");
        _host.Logs.Lines.Should().Contain(l => l.Contains("invalid_auth", StringComparison.Ordinal), "failures are logged");
        _host.Logs.Lines.Should().NotContain(l => l.Contains("SECRETTOKENVALUE", StringComparison.Ordinal));
        ex.ToString().Should().NotContain("SECRETTOKENVALUE");
    }

    [Fact]
    public void AddSymSlack_NoToken_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddSymSlack(_ => { });
        using ServiceProvider provider = services.BuildServiceProvider();

        Action act = () => _ = provider.GetRequiredService<IOptions<SlackOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*BotToken*");
    }

    [Fact]
    public void AddSymSlack_CalledTwice_RegistersOneRetryHandler()
    {
        var services = new ServiceCollection();
        services.AddSymSlack(o => o.BotToken = "xoxb-1");
        int before = services.Count;
        services.AddSymSlack(o => o.MaxRetries = 1);

        services.Count(d => d.ServiceType == typeof(ISlackDestinationResolver)).Should().Be(1);
        services.Count.Should().BeLessThan(before + 3);
        using ServiceProvider provider = services.BuildServiceProvider();
        SlackOptions options = provider.GetRequiredService<IOptions<SlackOptions>>().Value;
        (options.BotToken, options.MaxRetries).Should().Be(("xoxb-1", 1));
    }
}
