using System.Text.Json.Nodes;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Testing.Slack;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Slack;

/// <summary>What <see cref="SymFlowHarness.Reset"/> does to a <see cref="FakeSlack"/>'s workspace: back as it was at Build.</summary>
public sealed class FakeSlackResetTests
{
    private static readonly JsonObject Modal = new() { ["type"] = "modal", ["blocks"] = new JsonArray() };

    private FakeSlack _slack = null!;
    private SlackUserInfo _alice = null!;
    private SlackUserInfo _bob = null!;
    private FakeSlackChannel _channel = null!;
    private string _aliceDm = null!;

    [Fact]
    public async Task Reset_AfterAStoryChangedTheWorkspace_UsersChannelsMembersGroupsAndDmsAreBackAsAtBuild()
    {
        await using SymFlowHarness harness = NewSlackHarness();
        SlackUserInfo carol = _slack.AddUser("carol", "carol@example.com");
        FakeSlackChannel added = _slack.AddChannel("incidents", members: [carol.Id]);
        _slack.SetRestricted(_bob.Id);
        _slack.AddUserGroup("S0ADMINS", [_bob.Id, carol.Id]);
        _slack.ExpireTriggerId("t-1");
        string bobDm = await _slack.OpenConversationAsync([_bob.Id]);
        await _slack.PostMessageAsync(bobDm, "psst");

        harness.Reset();

        _slack.AddUser("carol", "carol@example.com").Id.Should().Be(carol.Id, "ids are handed out again as after the build");
        harness.Reset();
        _slack.Users.Should().Equal(_alice, _bob);
        Func<Task> postInBobsDm = () => _slack.PostMessageAsync(bobDm, "again");
        await postInBobsDm.Should().ThrowAsync<SymException>("bob's DM was opened in the story");
        (await _slack.GetUserAsync(_bob.Id)).IsRestricted.Should().BeFalse("bob was a full member at build");
        _slack.Channels.Should().Equal(_channel);
        (await _slack.ListConversationMembersAsync(_channel.Id).ToListAsync()).Should().Equal(_alice.Id);
        Func<Task> membersOfAdded = async () => await _slack.ListConversationMembersAsync(added.Id).ToListAsync();
        await membersOfAdded.Should().ThrowAsync<SymException>();
        (await _slack.ListUserGroupUsersAsync("S0ADMINS")).Should().Equal(_alice.Id);
        Func<Task> lookupCarol = () => _slack.LookupUserByEmailAsync("carol@example.com");
        await lookupCarol.Should().ThrowAsync<SymException>();
        (await _slack.OpenViewAsync("t-1", Modal)).Id.Should().NotBeEmpty("the trigger expired during the story");
        _slack.DirectMessages.Should().BeEmpty();
        (await _slack.OpenConversationAsync([_alice.Id])).Should().Be(_aliceDm, "alice's DM was open at build");
    }

    [Fact]
    public async Task Reset_Twice_AndAfterASecondStory_TheWorkspaceIsStillAsAtBuild()
    {
        await using SymFlowHarness harness = NewSlackHarness();
        _slack.AddUser("carol");
        harness.Reset();
        harness.Reset();
        _slack.Users.Should().Equal(_alice, _bob);

        // The restored member lists are fresh: a DM the second story opens (its members are added) must not reach the snapshot.
        await _slack.PostMessageAsync(_bob.Id, "psst");
        _slack.AddChannel("extra");
        harness.Reset();

        _slack.Channels.Should().Equal(_channel);
        (await _slack.ListConversationMembersAsync(_channel.Id).ToListAsync()).Should().Equal(_alice.Id);
        _slack.DirectMessagesTo(_bob.Id).Should().BeEmpty();
    }

    [Fact]
    public async Task Reset_UntouchedHarness_LeavesTheWorkspaceAsBuiltAndViewIdsRepeat()
    {
        await using SymFlowHarness harness = NewSlackHarness();
        SlackViewRef first = await _slack.OpenViewAsync("t-2", Modal);
        harness.Reset();
        harness.Reset();

        _slack.Users.Should().Equal(_alice, _bob);
        _slack.Channels.Should().Equal(_channel);
        _slack.Views.Should().BeEmpty();
        (await _slack.OpenViewAsync("t-2", Modal)).Id.Should().Be(first.Id, "the next story opens its views with the same ids");
        (await _slack.OpenConversationAsync([_alice.Id])).Should().Be(_aliceDm);
    }

    [Theory]
    [InlineData("AddUser")]
    [InlineData("AddChannel")]
    [InlineData("AddUserGroup")]
    [InlineData("ExpireTriggerId")]
    [InlineData("SetRestricted")]
    [InlineData("conversations.open")]
    [InlineData("chat.postMessage to a user")]
    public async Task Reset_AStoryThatMadeOneChange_PutsTheWorkspaceBackAsAtBuild(string change)
    {
        await using SymFlowHarness harness = NewSlackHarness();
        string atBuild = await DescribeAsync();
        switch (change)
        {
            case "AddUser": _slack.AddUser("carol"); break;
            case "AddChannel": _slack.AddChannel("extra"); break;
            case "AddUserGroup": _slack.AddUserGroup("S0ADMINS", [_bob.Id]); break;
            case "ExpireTriggerId": _slack.ExpireTriggerId("t-probe"); break;
            case "SetRestricted": _slack.SetRestricted(_alice.Id); break;
            case "conversations.open": await _slack.OpenConversationAsync([_bob.Id]); break;
            case "chat.postMessage to a user": await _slack.PostMessageAsync(_bob.Id, "psst"); break;
            default: throw new ArgumentOutOfRangeException(nameof(change));
        }

        (await DescribeAsync()).Should().NotBe(atBuild, "the story changed the workspace");

        harness.Reset();

        (await DescribeAsync()).Should().Be(atBuild);
    }

    /// <summary>
    /// The workspace through the client: users (with guest flags), channels and their members, the user group, whether
    /// trigger <c>t-probe</c> is expired, and the DMs (whether one with bob exists, with members).
    /// </summary>
    private async Task<string> DescribeAsync()
    {
        var text = new System.Text.StringBuilder();
        foreach (SlackUserInfo user in _slack.Users)
        {
            text.Append(user.Id).Append(user.IsRestricted ? "(guest)" : string.Empty).Append(';');
        }

        foreach (FakeSlackChannel channel in _slack.Channels)
        {
            text.Append(" #").Append(channel.Id).Append('=').AppendJoin(',', await _slack.ListConversationMembersAsync(channel.Id).ToListAsync());
        }

        text.Append(" S0ADMINS=").AppendJoin(',', await _slack.ListUserGroupUsersAsync("S0ADMINS"));
        text.Append(" t-probe=");
        try
        {
            await _slack.OpenViewAsync("t-probe", Modal);
            text.Append("live");
        }
        catch (SymException)
        {
            text.Append("expired");
        }

        // A DM with bob is among the conversations the app can post to only once it is opened; its id is D…, never reused.
        string? bobDm = null;
        for (int i = 1; i <= 12 && bobDm is null; i++)
        {
            string id = "D" + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
            List<string>? members = null;
            try
            {
                members = await _slack.ListConversationMembersAsync(id).ToListAsync();
            }
            catch (SymException)
            {
            }

            if (members is not null && members.SequenceEqual([_bob.Id]))
            {
                bobDm = id;
            }
        }

        return text.Append(" bob-dm=").Append(bobDm ?? "none").ToString();
    }

    /// <summary>Seeds, before Build: alice and bob, <c>#access</c> with alice, user group <c>S0ADMINS</c> with alice, alice's DM.</summary>
    private SymFlowHarness NewSlackHarness() => NewHarness(GrantsApi(), b =>
    {
        _slack = new FakeSlack(b.Time);
        _alice = _slack.AddUser("alice", "alice@example.com");
        _bob = _slack.AddUser("bob", "bob@example.com");
        _channel = _slack.AddChannel("#access", members: [_alice.Id]);
        _slack.AddUserGroup("S0ADMINS", [_alice.Id]);
        _aliceDm = _slack.OpenConversationAsync([_alice.Id]).GetAwaiter().GetResult();
        b.Use(_slack);
    });
}
