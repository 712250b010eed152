using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sym.Sdk.Integrations.Aws.Internal;

namespace Sym.Sdk.Integrations.Aws.IdentityStore.Internal;

/// <summary>Identity Store over JSON 1.1 (POST https://identitystore.{region}.amazonaws.com/, target AWSIdentityStore.*).</summary>
internal sealed class IdentityStoreClient(HttpClient http, TimeProvider timeProvider, ILogger<IdentityStoreClient>? logger = null) : IIdentityStoreClient
{
    public const string TargetPrefix = "AWSIdentityStore.";
    private readonly AwsJsonProtocol _json = new(http, TargetPrefix, AwsErrors.IdentityStore, timeProvider, logger ?? NullLogger<IdentityStoreClient>.Instance);

    public async Task<string?> GetUserIdAsync(string identityStoreId, IdentityStoreUserAttribute attribute, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identityStoreId);
        ArgumentException.ThrowIfNullOrEmpty(attribute.Path, nameof(attribute));
        ArgumentException.ThrowIfNullOrEmpty(value);
        try
        {
            using JsonDocument document = await _json.SendAsync("GetUserId", (identityStoreId, attribute.Path, value), static (w, s) =>
            {
                w.WriteString("IdentityStoreId", s.identityStoreId);
                w.WriteStartObject("AlternateIdentifier");
                w.WriteStartObject("UniqueAttribute");
                w.WriteString("AttributePath", s.Path);
                w.WriteString("AttributeValue", s.value);
                w.WriteEndObject();
                w.WriteEndObject();
            }, cancellationToken).ConfigureAwait(false);
            return document.RootElement.RequiredString("UserId", AwsErrors.IdentityStore);
        }
        catch (SymNotFoundException)
        {
            return null;
        }
    }

    public IAsyncEnumerable<GroupMembership> ListGroupMembershipsAsync(string identityStoreId, string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identityStoreId);
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        return _json.PaginateAsync(
            "ListGroupMemberships",
            (identityStoreId, groupId),
            static (w, s) =>
            {
                w.WriteString("IdentityStoreId", s.identityStoreId);
                w.WriteString("GroupId", s.groupId);
            },
            "GroupMemberships",
            static (item, s) => item.TryGetProperty("MemberId", out JsonElement member) && member.GetString("UserId") is { } userId
                ? new GroupMembership
                {
                    MembershipId = item.GetString("MembershipId") ?? string.Empty,
                    GroupId = item.GetString("GroupId") ?? s.groupId,
                    UserId = userId,
                }
                : null,
            cancellationToken);
    }

    public async Task<bool> IsUserInGroupAsync(string identityStoreId, string groupId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await foreach (GroupMembership membership in ListGroupMembershipsAsync(identityStoreId, groupId, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(membership.UserId, userId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

}
