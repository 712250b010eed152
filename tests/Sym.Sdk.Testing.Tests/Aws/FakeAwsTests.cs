using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Integrations.Aws.Iam;
using Sym.Sdk.Integrations.Aws.IdentityStore;
using Sym.Sdk.Integrations.Aws.Sso;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Testing.Aws;
using Sym.Sdk.Testing.Harness.Internal;

namespace Sym.Sdk.Testing.Tests.Aws;

public sealed class FakeAwsTests
{
    private const string PermissionSet = "arn:aws:sso:::permissionSet/ssoins-fake/ps-1";

    [Fact]
    public async Task CreateAccountAssignmentAsync_RequestIds_AreUuidShapedDistinctAndTheSameOnEveryRunOfAStory()
    {
        async Task<string[]> StoryAsync()
        {
            var aws = new FakeAws(new FakeTimeProvider());
            string user = aws.AddIdentityStoreUser("alice", "alice@example.com");
            var assignment = new AccountAssignment { InstanceArn = aws.InstanceArn, AccountId = "111122223333", PermissionSetArn = PermissionSet, PrincipalId = user };
            AccountAssignmentOperation created = await aws.SsoAdmin.CreateAccountAssignmentAsync(assignment);
            AccountAssignmentOperation deleted = await aws.SsoAdmin.DeleteAccountAssignmentAsync(assignment);
            return [created.RequestId, deleted.RequestId];
        }

        string[] first = await StoryAsync();
        string[] second = await StoryAsync();

        first.Should().OnlyHaveUniqueItems().And.AllSatisfy(id => Guid.TryParse(id, out _).Should().BeTrue(id));
        second.Should().Equal(first, "a story's ids do not depend on the run");
    }

    [Fact]
    public async Task CreateAccountAssignmentAsync_OnTheVirtualClock_GoesInProgressThenSucceeded()
    {
        var time = new FakeTimeProvider();
        var aws = new FakeAws(time) { AssignmentLatency = TimeSpan.FromSeconds(3) };
        string user = aws.AddIdentityStoreUser("alice", "alice@example.com");
        var assignment = new AccountAssignment { InstanceArn = aws.InstanceArn, AccountId = "111122223333", PermissionSetArn = PermissionSet, PrincipalId = user };

        AccountAssignmentOperation started = await aws.SsoAdmin.CreateAccountAssignmentAsync(assignment);
        time.Advance(TimeSpan.FromSeconds(2));
        AccountAssignmentOperation pending = await aws.SsoAdmin.DescribeAccountAssignmentCreationStatusAsync(aws.InstanceArn, started.RequestId);
        bool assignedWhilePending = aws.HasAccountAssignment("111122223333", PermissionSet, user);
        time.Advance(TimeSpan.FromSeconds(1));
        AccountAssignmentOperation done = await aws.SsoAdmin.DescribeAccountAssignmentCreationStatusAsync(aws.InstanceArn, started.RequestId);

        started.Status.Should().Be(AccountAssignmentStatus.InProgress);
        pending.Status.Should().Be(AccountAssignmentStatus.InProgress);
        assignedWhilePending.Should().BeFalse();
        done.Status.Should().Be(AccountAssignmentStatus.Succeeded);
        aws.HasAccountAssignment("111122223333", PermissionSet, user).Should().BeTrue();
    }

    [Fact]
    public async Task FailNextAssignment_NextOperation_EndsFailedWithReasonAndAssignsNothing()
    {
        var time = new FakeTimeProvider();
        var aws = new FakeAws(time).FailNextAssignment("quota");
        string user = aws.AddIdentityStoreUser("alice", "alice@example.com");
        var assignment = new AccountAssignment { InstanceArn = aws.InstanceArn, AccountId = "111122223333", PermissionSetArn = PermissionSet, PrincipalId = user };

        AccountAssignmentOperation started = await aws.SsoAdmin.CreateAccountAssignmentAsync(assignment);
        time.Advance(aws.AssignmentLatency);
        AccountAssignmentOperation done = await aws.SsoAdmin.DescribeAccountAssignmentCreationStatusAsync(aws.InstanceArn, started.RequestId);

        done.Status.Should().Be(AccountAssignmentStatus.Failed);
        done.FailureReason.Should().Be("quota");
        aws.AccountAssignments.Should().BeEmpty();
    }

    [Fact]
    public async Task DescribeAccountAssignmentCreationStatusAsync_UnknownRequest_ThrowsTheRealClientsNotFound()
    {
        var aws = new FakeAws(new FakeTimeProvider());

        Func<Task> act = () => aws.SsoAdmin.DescribeAccountAssignmentCreationStatusAsync(aws.InstanceArn, "nope");

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(AwsErrorCodes.SsoResourceNotFound);
    }

    [Fact]
    public async Task Iam_AddRemoveAndMissingEntities_BehaveLikeIam()
    {
        var aws = new FakeAws().AddIamGroup("admins").AddIamUser("alice");

        await aws.Iam.AddUserToGroupAsync("admins", "alice");
        bool member = await aws.Iam.IsUserInGroupAsync("admins", "ALICE");
        Func<Task> unknownGroup = () => aws.Iam.AddUserToGroupAsync("ops", "alice");
        await aws.Iam.RemoveUserFromGroupAsync("admins", "alice");
        Func<Task> removeAgain = () => aws.Iam.RemoveUserFromGroupAsync("admins", "alice");

        member.Should().BeTrue();
        (await unknownGroup.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(AwsErrorCodes.IamNoSuchEntity);
        (await removeAgain.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(AwsErrorCodes.IamNoSuchEntity);
        aws.IamGroupMembers("admins").Should().BeEmpty();
    }

    [Fact]
    public async Task IdentityStore_LookupsAndMemberships_AnswerFromSeededData()
    {
        var aws = new FakeAws();
        string alice = aws.AddIdentityStoreUser("alice", "Alice@Example.com");
        string group = aws.AddIdentityStoreGroup(alice);

        (await aws.IdentityStore.GetUserIdAsync(aws.IdentityStoreId, IdentityStoreUserAttribute.Email, "alice@example.com")).Should().Be(alice);
        (await aws.IdentityStore.GetUserIdAsync(aws.IdentityStoreId, IdentityStoreUserAttribute.UserName, "bob")).Should().BeNull();
        (await aws.IdentityStore.IsUserInGroupAsync(aws.IdentityStoreId, group, alice)).Should().BeTrue();
        Func<Task> wrongStore = () => aws.IdentityStore.GetUserIdAsync("d-other", IdentityStoreUserAttribute.Email, "x@y.z");
        (await wrongStore.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(AwsErrorCodes.IdentityStoreResourceNotFound);
    }

    [Fact]
    public async Task Faults_FailNextForAnOperation_FailsThatCallOnly()
    {
        var aws = new FakeAws().AddIamGroup("admins", "alice");
        aws.Faults.FailNext(1, "iam:GetGroup");

        Func<Task> first = () => aws.Iam.IsUserInGroupAsync("admins", "alice");

        await first.Should().ThrowAsync<Sym.Sdk.Testing.Faults.InjectedFaultException>();
        (await aws.Iam.IsUserInGroupAsync("admins", "alice")).Should().BeTrue();
    }

    [Fact]
    public void AddTo_Services_ReplacesTheClientsWithTheFakes()
    {
        var aws = new FakeAws();
        var services = new ServiceCollection();
        services.AddSymAwsIam();

        aws.AddTo(services);
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IIamClient>().Should().BeSameAs(aws.Iam);
        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(aws.TimeProvider);
    }

    [Fact]
    public async Task HarnessRestart_ForgetsInvocationsAndPutsBackTheAssignmentFailuresArmedAtTheStart()
    {
        var time = new FakeTimeProvider();
        var aws = new FakeAws(time).FailNextAssignment("armed at build").AddLambdaFunction("fn", static payload => payload);
        string user = aws.AddIdentityStoreUser("alice", "alice@example.com");
        ((IStoryScopedFake)aws).MarkStart();
        await aws.Lambda.InvokeAsync("fn", "{}"u8.ToArray());
        aws.FailNextAssignment("armed in the story");

        ((IStoryScopedFake)aws).Restart();

        aws.LambdaInvocations.Should().BeEmpty();
        AccountAssignmentOperation first = await aws.SsoAdmin.CreateAccountAssignmentAsync(
            new AccountAssignment { InstanceArn = aws.InstanceArn, AccountId = "111122223333", PermissionSetArn = PermissionSet, PrincipalId = user });
        AccountAssignmentOperation second = await aws.SsoAdmin.CreateAccountAssignmentAsync(
            new AccountAssignment { InstanceArn = aws.InstanceArn, AccountId = "444455556666", PermissionSetArn = PermissionSet, PrincipalId = user });
        time.Advance(aws.AssignmentLatency);
        AccountAssignmentOperation firstDone = await aws.SsoAdmin.DescribeAccountAssignmentCreationStatusAsync(aws.InstanceArn, first.RequestId);
        AccountAssignmentOperation secondDone = await aws.SsoAdmin.DescribeAccountAssignmentCreationStatusAsync(aws.InstanceArn, second.RequestId);
        firstDone.FailureReason.Should().Be("armed at build");
        secondDone.Status.Should().Be(AccountAssignmentStatus.Succeeded, "the failure armed during the story was dropped");
        aws.HasAccountAssignment("111122223333", PermissionSet, user).Should().BeFalse();
    }
}
