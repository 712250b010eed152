using System.Runtime.CompilerServices;
using Sym.Sdk.Integrations.Aws.IdentityStore;
using Sym.Sdk.Integrations.Aws.Internal;

namespace Sym.Sdk.Testing.Aws;

/// <summary><see cref="FakeAws"/>'s Identity Store: the same answers and <c>AWSIdentityStore:…</c> errors as the real client.</summary>
internal sealed class FakeIdentityStoreClient(FakeAws aws) : IIdentityStoreClient
{
    public Task<string?> GetUserIdAsync(string identityStoreId, IdentityStoreUserAttribute attribute, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identityStoreId);
        ArgumentException.ThrowIfNullOrEmpty(attribute.Path, nameof(attribute));
        ArgumentException.ThrowIfNullOrEmpty(value);
        cancellationToken.ThrowIfCancellationRequested();
        aws.Faults.ThrowIfFaulted("identitystore:GetUserId");
        lock (aws.Gate)
        {
            CheckStore(identityStoreId);
            foreach (KeyValuePair<string, (string UserName, string Email)> user in aws.StoreUsers)
            {
                bool match = attribute == IdentityStoreUserAttribute.Email
                    ? string.Equals(user.Value.Email, value, StringComparison.OrdinalIgnoreCase)
                    : attribute == IdentityStoreUserAttribute.UserName
                        ? string.Equals(user.Value.UserName, value, StringComparison.OrdinalIgnoreCase)
                        : throw AwsErrors.Create(AwsErrors.IdentityStore, AwsErrorKind.Other, "ValidationException",
                            $"Attribute path {attribute.Path} is not a unique attribute.", AwsErrorTables.Json["ValidationException"].Hint, 400);
                if (match)
                {
                    return Task.FromResult<string?>(user.Key);
                }
            }

            return Task.FromResult<string?>(null);
        }
    }

    public async IAsyncEnumerable<GroupMembership> ListGroupMembershipsAsync(
        string identityStoreId, string groupId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identityStoreId);
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        cancellationToken.ThrowIfCancellationRequested();
        aws.Faults.ThrowIfFaulted("identitystore:ListGroupMemberships");
        List<string> members;
        lock (aws.Gate)
        {
            CheckStore(identityStoreId);
            members = aws.StoreGroups.TryGetValue(groupId, out HashSet<string>? set)
                ? [.. set.Order(StringComparer.Ordinal)]
                : throw AwsErrors.Create(AwsErrors.IdentityStore, AwsErrorKind.NotFound, "ResourceNotFoundException",
                    $"Group {groupId} does not exist.", AwsErrorTables.Json["ResourceNotFoundException"].Hint, 400);
        }

        foreach (string userId in members)
        {
            await Task.Yield();
            yield return new GroupMembership { MembershipId = $"{groupId}/{userId}", GroupId = groupId, UserId = userId };
        }
    }

    public async Task<bool> IsUserInGroupAsync(string identityStoreId, string groupId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await foreach (GroupMembership membership in ListGroupMembershipsAsync(identityStoreId, groupId, cancellationToken).ConfigureAwait(false))
        {
            if (membership.UserId == userId)
            {
                return true;
            }
        }

        return false;
    }

    private void CheckStore(string identityStoreId)
    {
        if (!string.Equals(identityStoreId, aws.IdentityStoreId, StringComparison.Ordinal))
        {
            throw AwsErrors.Create(AwsErrors.IdentityStore, AwsErrorKind.NotFound, "ResourceNotFoundException",
                $"Identity store {identityStoreId} does not exist.", AwsErrorTables.Json["ResourceNotFoundException"].Hint, 400);
        }
    }
}
