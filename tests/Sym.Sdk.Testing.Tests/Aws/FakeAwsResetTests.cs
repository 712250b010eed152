using Sym.Sdk.Integrations.Aws.IdentityStore;
using Sym.Sdk.Integrations.Aws.Sso;
using Sym.Sdk.Testing.Aws;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Aws;

/// <summary>What <see cref="SymFlowHarness.Reset"/> does to a <see cref="FakeAws"/>: back as it was at Build.</summary>
public sealed class FakeAwsResetTests
{
    private const string PermissionSet = "arn:aws:sso:::permissionSet/ssoins-fake/ps-1";
    private const string Prod = "111122223333";
    private const string Staging = "444455556666";

    [Fact]
    public async Task Reset_AfterAStoryGrantedAndDidNotRevoke_AssignmentsAndIamMembershipsAreBackAsAtBuild()
    {
        await using SymFlowHarness harness = NewAwsHarness(out FakeAws aws, out Seeded seeded);
        await aws.Iam.AddUserToGroupAsync("admins", "alice");
        await aws.Iam.RemoveUserFromGroupAsync("admins", "bob");
        await aws.SsoAdmin.CreateAccountAssignmentAsync(Assignment(aws, Prod, seeded.Alice));
        await aws.SsoAdmin.DeleteAccountAssignmentAsync(Assignment(aws, Staging, seeded.Bob));
        await harness.AdvanceAsync(aws.AssignmentLatency);
        aws.HasAccountAssignment(Prod, PermissionSet, seeded.Alice).Should().BeTrue("the story granted it and never revoked it");
        aws.HasAccountAssignment(Staging, PermissionSet, seeded.Bob).Should().BeFalse();

        harness.Reset();

        aws.IamGroupMembers("admins").Should().Equal("bob");
        aws.AccountAssignments.Should().Equal(
            [Assignment(aws, Staging, seeded.Bob), Assignment(aws, Prod, seeded.Bob)],
            "bob's staging assignment was there at build, and his prod one, pending then, has completed since");
        aws.HasAccountAssignment(Prod, PermissionSet, seeded.Alice).Should().BeFalse();
    }

    [Fact]
    public async Task Reset_AfterAStoryAddedToTheWorld_WhatItAddedIsGoneAndWhatWasSeededIsBack()
    {
        await using SymFlowHarness harness = NewAwsHarness(out FakeAws aws, out Seeded seeded);
        string carol = aws.AddIdentityStoreUser("carol", "carol@example.com");
        string group = aws.AddIdentityStoreGroup(carol);
        aws.AddIamGroup("auditors", "carol").AddIamUser("dave");
        aws.AddLambdaFunction("grant", static _ => "{\"replaced\":true}").AddLambdaFunction("other", static _ => "{}");
        aws.AssignmentLatency = TimeSpan.FromMinutes(5);
        aws.InstanceArn = "arn:aws:sso:::instance/ssoins-other";

        harness.Reset();

        (await aws.IdentityStore.GetUserIdAsync(aws.IdentityStoreId, IdentityStoreUserAttribute.Email, "carol@example.com")).Should().BeNull();
        (await aws.IdentityStore.GetUserIdAsync(aws.IdentityStoreId, IdentityStoreUserAttribute.UserName, "alice")).Should().Be(seeded.Alice);
        Func<Task> listAdded = async () => await aws.IdentityStore.ListGroupMembershipsAsync(aws.IdentityStoreId, group).ToListAsync();
        await listAdded.Should().ThrowAsync<SymNotFoundException>();
        (await aws.IdentityStore.ListGroupMembershipsAsync(aws.IdentityStoreId, seeded.Engineers).ToListAsync())
            .Select(static m => m.UserId).Should().Equal(seeded.Alice);
        aws.IamGroupMembers("auditors").Should().BeEmpty();
        Func<Task> addDave = () => aws.Iam.AddUserToGroupAsync("admins", "dave");
        await addDave.Should().ThrowAsync<SymNotFoundException>("dave was added during the story");
        (await aws.Lambda.InvokeAsync("grant", "{}"u8.ToArray())).PayloadText.Should().Be("{\"seeded\":true}");
        Func<Task> invokeOther = () => aws.Lambda.InvokeAsync("other", "{}"u8.ToArray());
        await invokeOther.Should().ThrowAsync<SymNotFoundException>();
        aws.AssignmentLatency.Should().Be(TimeSpan.FromSeconds(2));
        aws.InstanceArn.Should().Be("arn:aws:sso:::instance/ssoins-fake");
        aws.AddIdentityStoreUser("carol", "carol@example.com").Should().Be(carol, "ids are handed out again as after the build");
    }

    [Fact]
    public async Task Reset_AnOperationPendingAtBuild_IsBackAsItWasAndCompletesOnItsOwnTime()
    {
        await using SymFlowHarness harness = NewAwsHarness(out FakeAws aws, out Seeded seeded);
        await harness.AdvanceAsync(aws.AssignmentLatency);
        aws.HasAccountAssignment(Prod, PermissionSet, seeded.Bob).Should().BeTrue("the creation pending at build completed");
        AccountAssignmentOperation deletion = await aws.SsoAdmin.DeleteAccountAssignmentAsync(Assignment(aws, Prod, seeded.Bob));
        await harness.AdvanceAsync(aws.AssignmentLatency);
        aws.HasAccountAssignment(Prod, PermissionSet, seeded.Bob).Should().BeFalse();

        harness.Reset();

        AccountAssignmentOperation creation = await aws.SsoAdmin.DescribeAccountAssignmentCreationStatusAsync(aws.InstanceArn, seeded.PendingRequestId);
        creation.Status.Should().Be(AccountAssignmentStatus.Succeeded, "its time came while the stories ran");
        aws.HasAccountAssignment(Prod, PermissionSet, seeded.Bob).Should().BeTrue();
        Func<Task> describeDeletion = () => aws.SsoAdmin.DescribeAccountAssignmentDeletionStatusAsync(aws.InstanceArn, deletion.RequestId);
        await describeDeletion.Should().ThrowAsync<SymNotFoundException>("the deletion was the story's");
    }

    [Fact]
    public async Task Reset_Twice_AndAfterASecondStory_TheWorldIsStillAsAtBuild()
    {
        await using SymFlowHarness harness = NewAwsHarness(out FakeAws aws, out Seeded seeded);
        await aws.Iam.AddUserToGroupAsync("admins", "alice");
        harness.Reset();
        harness.Reset();
        aws.IamGroupMembers("admins").Should().Equal("bob");

        // The restored members are a fresh set: changing them must not reach the snapshot.
        await aws.Iam.AddUserToGroupAsync("admins", "alice");
        await aws.Iam.RemoveUserFromGroupAsync("admins", "bob");
        harness.Reset();

        aws.IamGroupMembers("admins").Should().Equal("bob");
        aws.AccountAssignments.Should().Contain(Assignment(aws, Staging, seeded.Bob));
    }

    [Fact]
    public async Task Reset_UntouchedHarness_LeavesTheWorldAsBuilt()
    {
        await using SymFlowHarness harness = NewAwsHarness(out FakeAws aws, out Seeded seeded);

        harness.Reset();

        aws.IamGroupMembers("admins").Should().Equal("bob");
        aws.AccountAssignments.Should().Equal(Assignment(aws, Staging, seeded.Bob));
        (await aws.IdentityStore.GetUserIdAsync(aws.IdentityStoreId, IdentityStoreUserAttribute.UserName, "bob")).Should().Be(seeded.Bob);
        (await aws.Lambda.InvokeAsync("grant", "{}"u8.ToArray())).PayloadText.Should().Be("{\"seeded\":true}");
    }

    [Theory]
    [InlineData("AddIamUser")]
    [InlineData("AddIamGroup")]
    [InlineData("AddIamGroup(existing)")]
    [InlineData("AddIdentityStoreUser")]
    [InlineData("AddIdentityStoreGroup")]
    [InlineData("AddLambdaFunction")]
    [InlineData("iam:AddUserToGroup")]
    [InlineData("iam:RemoveUserFromGroup")]
    [InlineData("sso:CreateAccountAssignment")]
    [InlineData("sso:DeleteAccountAssignment")]
    [InlineData("settle")]
    public async Task Reset_AStoryThatMadeOneChange_PutsTheWorldBackAsAtBuild(string change)
    {
        await using SymFlowHarness harness = NewAwsHarness(out FakeAws aws, out Seeded seeded);
        string atBuild = Describe(aws);
        switch (change)
        {
            case "AddIamUser": aws.AddIamUser("dave"); break;
            case "AddIamGroup": aws.AddIamGroup("auditors"); break;
            case "AddIamGroup(existing)": aws.AddIamGroup("admins", "alice"); break;
            case "AddIdentityStoreUser": aws.AddIdentityStoreUser("dave", "dave@example.com"); break;
            case "AddIdentityStoreGroup": aws.AddIdentityStoreGroup(seeded.Bob); break;
            case "AddLambdaFunction": aws.AddLambdaFunction("other", static _ => "{}"); break;
            case "iam:AddUserToGroup": await aws.Iam.AddUserToGroupAsync("admins", "alice"); break;
            case "iam:RemoveUserFromGroup": await aws.Iam.RemoveUserFromGroupAsync("admins", "bob"); break;
            case "sso:CreateAccountAssignment": await aws.SsoAdmin.CreateAccountAssignmentAsync(Assignment(aws, Prod, seeded.Alice)); break;
            case "sso:DeleteAccountAssignment": await aws.SsoAdmin.DeleteAccountAssignmentAsync(Assignment(aws, Staging, seeded.Bob)); break;
            case "settle":
                harness.Time.Advance(aws.AssignmentLatency); // the operation pending at build completes on the next read
                _ = aws.AccountAssignments;
                break;
            default: throw new ArgumentOutOfRangeException(nameof(change));
        }

        Describe(aws).Should().NotBe(atBuild, "the story changed the world");

        harness.Reset();

        Describe(aws).Should().Be(atBuild);
    }

    /// <summary>The whole world, read from the fake's internals without settling anything.</summary>
    private static string Describe(FakeAws aws)
    {
        lock (aws.Gate)
        {
            return string.Join(" | ",
                string.Join(";", aws.IamUsers.Order(StringComparer.Ordinal)),
                string.Join(";", aws.IamGroups.OrderBy(static g => g.Key, StringComparer.Ordinal).Select(static g => g.Key + "=" + string.Join(",", g.Value.Order(StringComparer.Ordinal)))),
                string.Join(";", aws.StoreUsers.Select(static u => $"{u.Key}={u.Value.UserName}/{u.Value.Email}")),
                string.Join(";", aws.StoreGroups.Select(static g => g.Key + "=" + string.Join(",", g.Value.Order(StringComparer.Ordinal)))),
                string.Join(";", aws.Assignments.Select(static a => $"{a.AccountId}/{a.PrincipalId}")),
                string.Join(";", aws.Operations.Values.Select(static o => $"{o.RequestId}:{o.Kind}:{o.Applied}")),
                string.Join(";", aws.Functions.Keys));
        }
    }

    /// <summary>
    /// Seeds, before Build: IAM group <c>admins</c> with bob (and user alice); Identity Store users alice and bob and a group
    /// with alice; bob assigned on staging (settled) and an assignment of bob on prod still pending; Lambda <c>grant</c>.
    /// </summary>
    private static SymFlowHarness NewAwsHarness(out FakeAws aws, out Seeded seeded)
    {
        FakeAws? fake = null;
        Seeded? world = null;
        SymFlowHarness harness = NewHarness(GrantsApi(), b =>
        {
            fake = new FakeAws(b.Time).AddIamUser("alice").AddIamGroup("admins", "bob").AddLambdaFunction("grant", static _ => "{\"seeded\":true}");
            string alice = fake.AddIdentityStoreUser("alice", "alice@example.com");
            string bob = fake.AddIdentityStoreUser("bob", "bob@example.com");
            string engineers = fake.AddIdentityStoreGroup(alice);
            _ = fake.SsoAdmin.CreateAccountAssignmentAsync(Assignment(fake, Staging, bob)).GetAwaiter().GetResult();
            b.Time.Advance(fake.AssignmentLatency);
            string pending = fake.SsoAdmin.CreateAccountAssignmentAsync(Assignment(fake, Prod, bob)).GetAwaiter().GetResult().RequestId;
            world = new Seeded(alice, bob, engineers, pending);
            b.Use(fake);
        });
        aws = fake!;
        seeded = world!;
        return harness;
    }

    private static AccountAssignment Assignment(FakeAws aws, string accountId, string principalId) =>
        new() { InstanceArn = aws.InstanceArn, AccountId = accountId, PermissionSetArn = PermissionSet, PrincipalId = principalId };

    private sealed record Seeded(string Alice, string Bob, string Engineers, string PendingRequestId);
}
