using Sym.Sdk.Integrations.Slack.BlockKit;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.Harness.Internal;
using Sym.Sdk.Testing.Slack;

namespace Sym.Sdk.Testing.Tests.Slack;

public sealed class FakeSlackTests
{
    private readonly FakeSlack _slack = new(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));
    private readonly SlackUserInfo _alice;
    private readonly SlackUserInfo _bob;
    private readonly FakeSlackChannel _channel;

    public FakeSlackTests()
    {
        _alice = _slack.AddUser("alice", "alice@example.com");
        _bob = _slack.AddUser("bob", "bob@example.com");
        _channel = _slack.AddChannel("#sym-requests", members: [_alice.Id]);
    }

    [Fact]
    public async Task PostMessageAsync_Channel_RecordsMessageWithDeterministicTs()
    {
        SlackBlock[] blocks = [new SlackDividerBlock()];

        SlackMessageRef posted = await _slack.PostMessageAsync(_channel.Id, new SlackMessage("hi", blocks));

        posted.Should().Be(new SlackMessageRef(_channel.Id, "1700000000.000001"));
        FakeSlackMessage message = _slack.MessagesIn("sym-requests").Should().ContainSingle().Subject;
        message.Text.Should().Be("hi");
        message.BlocksJson.Should().Be("""[{"type":"divider"}]""", "the fake keeps the blocks as Slack receives them");
    }

    [Fact]
    public async Task PostMessageAsync_UserId_PostsInTheAppDm()
    {
        SlackMessageRef posted = await _slack.PostMessageAsync(_bob.Id, "psst");

        posted.ChannelId.Should().StartWith("D");
        _slack.DirectMessagesTo(_bob.Id).Should().ContainSingle().Which.Text.Should().Be("psst");
        (await _slack.OpenConversationAsync([_bob.Id])).Should().Be(posted.ChannelId, "a DM is opened once per user");
    }

    [Fact]
    public async Task UpdateMessageAsync_Existing_RecordsUpdateAndChangesCurrent()
    {
        SlackMessageRef posted = await _slack.PostMessageAsync(_channel.Id, "pending");

        await _slack.UpdateMessageAsync(posted, "approved");

        _slack.Updates.Should().ContainSingle().Which.Text.Should().Be("approved");
        _slack.Current(posted)!.Text.Should().Be("approved");
        _slack.Messages.Single().Text.Should().Be("pending", "Messages keeps what was first posted");
    }

    [Fact]
    public async Task PostEphemeralAsync_Member_RecordsVisibleTo()
    {
        await _slack.PostEphemeralAsync(_channel.Id, _alice.Id, "only you");

        _slack.Ephemerals.Should().ContainSingle().Which.VisibleTo.Should().Be(_alice.Id);
        _slack.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task Users_Lookups_AnswerLikeSlack()
    {
        (await _slack.GetUserAsync(_alice.Id)).Email.Should().Be("alice@example.com");
        (await _slack.LookupUserByEmailAsync("BOB@example.com")).Id.Should().Be(_bob.Id);
        var all = new List<string>();
        await foreach (SlackUserInfo u in _slack.ListUsersAsync())
        {
            all.Add(u.Name!);
        }

        all.Should().Equal("alice", "bob");
    }

    [Fact]
    public async Task Channels_ListAndMembers_AnswerLikeSlack()
    {
        _slack.AddChannel("old", isArchived: true);
        var names = new List<string>();
        await foreach (SlackConversation c in _slack.ListConversationsAsync())
        {
            names.Add(c.Name!);
        }

        var members = new List<string>();
        await foreach (string m in _slack.ListConversationMembersAsync(_channel.Id))
        {
            members.Add(m);
        }

        names.Should().Equal("sym-requests");
        members.Should().Equal(_alice.Id);
    }

    [Fact]
    public async Task ListUserGroupUsersAsync_Known_ReturnsMembers()
    {
        _slack.AddUserGroup("S1", [_alice.Id, _bob.Id]);

        (await _slack.ListUserGroupUsersAsync("S1")).Should().Equal(_alice.Id, _bob.Id);
    }

    [Fact]
    public async Task Views_OpenAndUpdate_RecordedWithHashCheck()
    {
        var view = new JsonObject { ["type"] = "modal", ["blocks"] = new JsonArray() };

        SlackViewRef opened = await _slack.OpenViewAsync("trigger-1", view);
        SlackViewRef updated = await _slack.UpdateViewAsync(opened.Id, view, opened.Hash);
        Func<Task> stale = () => _slack.UpdateViewAsync(opened.Id, view, opened.Hash);

        (await stale.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be("Slack:HASH_CONFLICT");
        _slack.Views.Select(v => (v.Id, v.IsUpdate, v.TriggerId)).Should().Equal((opened.Id, false, "trigger-1"), (opened.Id, true, null));
        updated.Hash.Should().NotBe(opened.Hash);
    }

    public static TheoryData<string, Func<FakeSlack, Task>, string, Type> Errors() => new()
    {
        { "post to unknown channel", s => s.PostMessageAsync("C404", "x"), SlackErrorCodes.ChannelNotFound, typeof(SymNotFoundException) },
        { "post to archived channel", s => s.PostMessageAsync(s.AddChannel("gone", isArchived: true).Id, "x"), SlackErrorCodes.IsArchived, typeof(SymException) },
        { "post where app is absent", s => s.PostMessageAsync(s.AddChannel("private", isPrivate: true, appIsMember: false).Id, "x"), SlackErrorCodes.NotInChannel, typeof(SymException) },
        { "text too long", s => s.PostMessageAsync(s.Channels[0].Id, new string('x', 40_001)), SlackErrorCodes.MessageTooLong, typeof(SymException) },
        { "too many blocks", s => s.PostMessageAsync(s.Channels[0].Id, new SlackMessage("x", Enumerable.Repeat<SlackBlock>(new SlackDividerBlock(), 51).ToArray())), SlackErrorCodes.InvalidBlocks, typeof(SymException) },
        { "update unknown message", s => s.UpdateMessageAsync(new SlackMessageRef(s.Channels[0].Id, "1.1"), "x"), SlackErrorCodes.MessageNotFound, typeof(SymNotFoundException) },
        { "unknown email", s => s.LookupUserByEmailAsync("who@example.com"), SlackErrorCodes.UsersNotFound, typeof(SymNotFoundException) },
        { "unknown user", s => s.GetUserAsync("U404"), SlackErrorCodes.UserNotFound, typeof(SymNotFoundException) },
        { "too many users", s => s.OpenConversationAsync([.. Enumerable.Range(0, 9).Select(i => s.AddUser($"u{i}").Id)]), SlackErrorCodes.TooManyUsers, typeof(SymException) },
        { "ephemeral to non-member", s => s.PostEphemeralAsync(s.Channels[0].Id, s.Users[1].Id, "x"), "Slack:USER_NOT_IN_CHANNEL", typeof(SymException) },
        { "unknown user group", s => s.ListUserGroupUsersAsync("S404"), "Slack:NO_SUCH_SUBTEAM", typeof(SymException) },
        { "members of unknown channel", async s => { await foreach (string _ in s.ListConversationMembersAsync("C404")) { } }, SlackErrorCodes.ChannelNotFound, typeof(SymNotFoundException) },
        { "expired trigger", s => { s.ExpireTriggerId("t-old"); return s.OpenViewAsync("t-old", new JsonObject { ["type"] = "modal", ["blocks"] = new JsonArray() }); }, SlackErrorCodes.ExpiredTriggerId, typeof(SymException) },
        { "update unknown view", s => s.UpdateViewAsync("V404", new JsonObject { ["type"] = "modal", ["blocks"] = new JsonArray() }), "Slack:NOT_FOUND", typeof(SymException) },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Call_BadInput_ThrowsTheClientsException(string scenario, Func<FakeSlack, Task> call, string code, Type type)
    {
        int recorded = _slack.Messages.Count + _slack.Updates.Count + _slack.Ephemerals.Count + _slack.Views.Count;

        SymException ex = (await ((Func<Task>)(() => call(_slack))).Should().ThrowAsync<SymException>(scenario)).Which;

        ex.ErrorCode.Should().Be(code);
        ex.GetType().Should().Be(type);
        (_slack.Messages.Count + _slack.Updates.Count + _slack.Ephemerals.Count + _slack.Views.Count).Should().Be(recorded, "a failed call records nothing");
    }

    [Fact]
    public async Task Faults_FailNextPost_ThrowsThenRecovers()
    {
        _slack.Faults.FailNext(1, "chat.postMessage");

        Func<Task> first = () => _slack.PostMessageAsync(_channel.Id, "one");
        await first.Should().ThrowAsync<InjectedFaultException>().Where(e => e.Operation == "chat.postMessage");
        await _slack.PostMessageAsync(_channel.Id, "two");
        await _slack.GetUserAsync(_alice.Id);

        _slack.Messages.Select(m => m.Text).Should().Equal("two");
        _slack.Faults.Fired.Should().ContainSingle().Which.Operation.Should().Be("chat.postMessage");
    }

    [Fact]
    public async Task Faults_CustomException_RaisedAsSlackWould()
    {
        _slack.Faults.FailNext(1, "users.", _ => new SymRateLimitedException(SlackErrorCodes.RateLimited, "slow down", TimeSpan.FromSeconds(3)));

        Func<Task> act = () => _slack.LookupUserByEmailAsync("alice@example.com");

        (await act.Should().ThrowAsync<SymRateLimitedException>()).Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Faults_OnList_FailsBeforeYielding()
    {
        _slack.Faults.FailNext(1, "users.list");
        var seen = new List<SlackUserInfo>();

        Func<Task> act = async () =>
        {
            await foreach (SlackUserInfo u in _slack.ListUsersAsync())
            {
                seen.Add(u);
            }
        };

        await act.Should().ThrowAsync<InjectedFaultException>();
        seen.Should().BeEmpty();
    }

    [Fact]
    public void AddUser_DuplicateId_Throws()
    {
        Action act = () => _slack.AddUser("again", id: _alice.Id);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task HarnessRestart_ForgetsWhatWasPostedAndPutsTheWorkspaceBackAsAtTheStart()
    {
        ((IStoryScopedFake)_slack).MarkStart();
        SlackMessageRef posted = await _slack.PostMessageAsync(_channel.Id, "hi");
        await _slack.UpdateMessageAsync(posted, "edited");
        await _slack.PostMessageAsync(_bob.Id, "psst");

        ((IStoryScopedFake)_slack).Restart();

        _slack.Messages.Should().BeEmpty();
        _slack.Updates.Should().BeEmpty();
        _slack.DirectMessages.Should().BeEmpty();
        _slack.Current(posted).Should().BeNull();
        _slack.Users.Should().Equal(_alice, _bob);
        _slack.Channels.Should().Equal(_channel);
        _slack.DirectMessagesTo(_bob.Id).Should().BeEmpty();
        (await _slack.PostMessageAsync(_channel.Id, "again")).Ts.Should().Be("1700000000.000001", "the story's ts sequence starts over");
    }
}
