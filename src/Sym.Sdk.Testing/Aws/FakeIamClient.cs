using System.Runtime.CompilerServices;
using Sym.Sdk.Integrations.Aws.Iam;
using Sym.Sdk.Integrations.Aws.Internal;

namespace Sym.Sdk.Testing.Aws;

/// <summary><see cref="FakeAws"/>'s IAM: the same answers and <c>AWSIAM:…</c> errors as <c>IamClient</c>.</summary>
internal sealed class FakeIamClient(FakeAws aws) : IIamClient
{
    public Task AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        ArgumentException.ThrowIfNullOrEmpty(userName);
        cancellationToken.ThrowIfCancellationRequested();
        aws.Faults.ThrowIfFaulted("iam:AddUserToGroup");
        lock (aws.Gate)
        {
            if (Group(groupName).Add(User(userName)))
            {
                aws.MarkWorldChanged();
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveUserFromGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        ArgumentException.ThrowIfNullOrEmpty(userName);
        cancellationToken.ThrowIfCancellationRequested();
        aws.Faults.ThrowIfFaulted("iam:RemoveUserFromGroup");
        lock (aws.Gate)
        {
            if (!Group(groupName).Remove(User(userName)))
            {
                throw NoSuchEntity($"The user with name {userName} is not in group {groupName}.");
            }

            aws.MarkWorldChanged();
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<IamUser> GetGroupUsersAsync(string groupName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        cancellationToken.ThrowIfCancellationRequested();
        aws.Faults.ThrowIfFaulted("iam:GetGroup");
        List<string> members;
        lock (aws.Gate)
        {
            members = [.. Group(groupName).Order(StringComparer.OrdinalIgnoreCase)];
        }

        foreach (string member in members)
        {
            await Task.Yield();
            yield return new IamUser { UserName = member, Arn = $"arn:aws:iam::123456789012:user/{member}" };
        }
    }

    public async Task<bool> IsUserInGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        await foreach (IamUser user in GetGroupUsersAsync(groupName, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(user.UserName, userName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private HashSet<string> Group(string groupName) =>
        aws.IamGroups.TryGetValue(groupName, out HashSet<string>? members)
            ? members
            : throw NoSuchEntity($"The group with name {groupName} cannot be found.");

    private string User(string userName) =>
        aws.IamUsers.TryGetValue(userName, out string? actual)
            ? actual
            : throw NoSuchEntity($"The user with name {userName} cannot be found.");

    private static SymException NoSuchEntity(string message) =>
        AwsErrors.Create(AwsErrors.Iam, AwsErrorKind.NotFound, "NoSuchEntity", message, AwsErrorTables.Query["NoSuchEntity"].Hint, 404);
}
