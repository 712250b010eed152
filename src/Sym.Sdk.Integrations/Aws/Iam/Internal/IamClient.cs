using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sym.Sdk.Integrations.Aws.Internal;

namespace Sym.Sdk.Integrations.Aws.Iam.Internal;

/// <summary>IAM over the query protocol (POST https://iam.amazonaws.com/, signed for us-east-1/iam).</summary>
internal sealed class IamClient(HttpClient http, TimeProvider timeProvider, ILogger<IamClient>? logger = null) : IIamClient
{
    public const string Version = "2010-05-08";
    public const int PageSize = 100;
    private readonly ILogger _logger = logger ?? NullLogger<IamClient>.Instance;

    public async Task AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        ArgumentException.ThrowIfNullOrEmpty(userName);
        await SendAsync("AddUserToGroup", [new("GroupName", groupName), new("UserName", userName)], cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveUserFromGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        ArgumentException.ThrowIfNullOrEmpty(userName);
        await SendAsync("RemoveUserFromGroup", [new("GroupName", groupName), new("UserName", userName)], cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<IamUser> GetGroupUsersAsync(string groupName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        string? marker = null;
        do
        {
            List<KeyValuePair<string, string>> parameters =
                [new("GroupName", groupName), new("MaxItems", PageSize.ToString(CultureInfo.InvariantCulture))];
            if (marker is not null)
            {
                parameters.Add(new("Marker", marker));
            }

            XElement root = await SendAsync("GetGroup", parameters, cancellationToken).ConfigureAwait(false);
            XElement result = root.Child("GetGroupResult")
                ?? throw new SymException($"{AwsErrors.Iam}:INVALID_RESPONSE", "IAM's GetGroup response has no GetGroupResult.");
            foreach (XElement member in result.Child("Users")?.Elements() ?? [])
            {
                string? name = member.ChildValue("UserName");
                if (!string.IsNullOrEmpty(name))
                {
                    yield return new IamUser { UserName = name, UserId = member.ChildValue("UserId"), Arn = member.ChildValue("Arn") };
                }
            }

            bool truncated = string.Equals(result.ChildValue("IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);
            marker = truncated ? result.ChildValue("Marker") : null;
        }
        while (!string.IsNullOrEmpty(marker));
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

    private Task<XElement> SendAsync(string action, List<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        parameters.InsertRange(0, [new("Action", action), new("Version", Version)]);
        return AwsQueryProtocol.SendAsync(http, parameters, action, AwsErrors.Iam, timeProvider, _logger, cancellationToken);
    }
}
