using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sym.Sdk.Integrations.Aws.Internal;

namespace Sym.Sdk.Integrations.Aws.IdentityStore.Internal;

/// <summary>Identity Store over JSON 1.1 (POST https://identitystore.{region}.amazonaws.com/, target AWSIdentityStore.*).</summary>
internal sealed class IdentityStoreClient(HttpClient http, TimeProvider timeProvider, ILogger<IdentityStoreClient>? logger = null) : IIdentityStoreClient
{
    public const string TargetPrefix = "AWSIdentityStore.";
    public const int PageSize = 100;
    private readonly ILogger _logger = logger ?? NullLogger<IdentityStoreClient>.Instance;

    public async Task<string?> GetUserIdAsync(string identityStoreId, IdentityStoreUserAttribute attribute, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identityStoreId);
        ArgumentException.ThrowIfNullOrEmpty(attribute.Path, nameof(attribute));
        ArgumentException.ThrowIfNullOrEmpty(value);
        byte[] body = AwsJsonProtocol.Write((identityStoreId, attribute.Path, value), static (w, s) =>
        {
            w.WriteString("IdentityStoreId", s.identityStoreId);
            w.WriteStartObject("AlternateIdentifier");
            w.WriteStartObject("UniqueAttribute");
            w.WriteString("AttributePath", s.Path);
            w.WriteString("AttributeValue", s.value);
            w.WriteEndObject();
            w.WriteEndObject();
        });
        try
        {
            using JsonDocument document = await SendAsync("GetUserId", body, cancellationToken).ConfigureAwait(false);
            return document.RootElement.RequiredString("UserId", AwsErrors.IdentityStore);
        }
        catch (SymNotFoundException)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<GroupMembership> ListGroupMembershipsAsync(
        string identityStoreId, string groupId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identityStoreId);
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        string? next = null;
        do
        {
            byte[] body = AwsJsonProtocol.Write((identityStoreId, groupId, next), static (w, s) =>
            {
                w.WriteString("IdentityStoreId", s.identityStoreId);
                w.WriteString("GroupId", s.groupId);
                w.WriteNumber("MaxResults", PageSize);
                if (s.next is not null)
                {
                    w.WriteString("NextToken", s.next);
                }
            });
            using JsonDocument document = await SendAsync("ListGroupMemberships", body, cancellationToken).ConfigureAwait(false);
            JsonElement root = document.RootElement;
            if (root.TryGetProperty("GroupMemberships", out JsonElement items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in items.EnumerateArray())
                {
                    string? userId = item.TryGetProperty("MemberId", out JsonElement member) ? member.GetString("UserId") : null;
                    if (userId is not null)
                    {
                        yield return new GroupMembership
                        {
                            MembershipId = item.GetString("MembershipId") ?? string.Empty,
                            GroupId = item.GetString("GroupId") ?? groupId,
                            UserId = userId,
                        };
                    }
                }
            }

            next = root.GetString("NextToken");
        }
        while (!string.IsNullOrEmpty(next));
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

    private Task<JsonDocument> SendAsync(string operation, byte[] body, CancellationToken cancellationToken) =>
        AwsJsonProtocol.SendAsync(http, TargetPrefix + operation, body, AwsErrors.IdentityStore, timeProvider, _logger, cancellationToken);
}
