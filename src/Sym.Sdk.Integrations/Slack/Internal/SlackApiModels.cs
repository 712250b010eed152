using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sym.Sdk.Integrations.Slack.Internal;

#pragma warning disable CA1812 // Instantiated by System.Text.Json.

/// <summary>The envelope every Web API response has.</summary>
internal class SlackEnvelope
{
    [JsonPropertyName("ok")]
    public bool Ok { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("warning")]
    public string? Warning { get; set; }

    [JsonPropertyName("needed")]
    public string? Needed { get; set; }

    [JsonPropertyName("response_metadata")]
    public SlackResponseMetadata? ResponseMetadata { get; set; }
}

internal sealed class SlackResponseMetadata
{
    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; set; }
}

internal sealed class SlackMessageResponse : SlackEnvelope
{
    [JsonPropertyName("channel")]
    public string? Channel { get; set; }

    [JsonPropertyName("ts")]
    public string? Ts { get; set; }

    [JsonPropertyName("message_ts")]
    public string? MessageTs { get; set; }
}

internal sealed class SlackUserResponse : SlackEnvelope
{
    [JsonPropertyName("user")]
    public SlackUserDto? User { get; set; }
}

internal sealed class SlackUserListResponse : SlackEnvelope
{
    [JsonPropertyName("members")]
    public List<SlackUserDto>? Members { get; set; }
}

internal sealed class SlackConversationResponse : SlackEnvelope
{
    [JsonPropertyName("channel")]
    public SlackConversationDto? Channel { get; set; }
}

internal sealed class SlackConversationListResponse : SlackEnvelope
{
    [JsonPropertyName("channels")]
    public List<SlackConversationDto>? Channels { get; set; }
}

internal sealed class SlackIdListResponse : SlackEnvelope
{
    [JsonPropertyName("members")]
    public List<string>? Members { get; set; }

    [JsonPropertyName("users")]
    public List<string>? Users { get; set; }
}

internal sealed class SlackViewResponse : SlackEnvelope
{
    [JsonPropertyName("view")]
    public SlackViewDto? View { get; set; }
}

internal sealed class SlackViewDto
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("hash")]
    public string? Hash { get; set; }
}

internal sealed class SlackHistoryResponse : SlackEnvelope
{
    [JsonPropertyName("messages")]
    public List<SlackHistoryMessageDto>? Messages { get; set; }
}

internal sealed class SlackHistoryMessageDto
{
    [JsonPropertyName("ts")]
    public string? Ts { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("user")]
    public string? User { get; set; }

    [JsonPropertyName("bot_id")]
    public string? BotId { get; set; }

    [JsonPropertyName("thread_ts")]
    public string? ThreadTs { get; set; }

    [JsonPropertyName("metadata")]
    public SlackMetadataDto? Metadata { get; set; }

    public SlackHistoryMessage ToModel(string method) => new()
    {
        Ts = Ts ?? throw SlackClient.InvalidResponse(method, "a message without a ts"),
        Text = Text,
        UserId = User,
        BotId = BotId,
        ThreadTs = ThreadTs,
        Metadata = Metadata?.ToModel(),
    };
}

internal sealed class SlackMetadataDto
{
    [JsonPropertyName("event_type")]
    public string? EventType { get; set; }

    [JsonPropertyName("event_payload")]
    public JsonElement EventPayload { get; set; }

    /// <summary>The metadata, or null when Slack sent something that is not (no type, or a payload that is not an object).</summary>
    public SlackMessageMetadata? ToModel() =>
        !string.IsNullOrWhiteSpace(EventType) && EventPayload.ValueKind == JsonValueKind.Object && JsonObject.Create(EventPayload) is { } payload
            ? new SlackMessageMetadata(EventType, payload)
            : null;
}

internal sealed class SlackUserDto
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("team_id")]
    public string? TeamId { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("real_name")]
    public string? RealName { get; set; }

    [JsonPropertyName("deleted")]
    public bool Deleted { get; set; }

    [JsonPropertyName("is_bot")]
    public bool IsBot { get; set; }

    [JsonPropertyName("is_restricted")]
    public bool IsRestricted { get; set; }

    [JsonPropertyName("profile")]
    public SlackProfileDto? Profile { get; set; }

    public SlackUserInfo ToModel(string method) => new()
    {
        Id = Id ?? throw SlackClient.InvalidResponse(method, "a user without an id"),
        TeamId = TeamId,
        Name = Name,
        RealName = RealName ?? Profile?.RealName,
        DisplayName = string.IsNullOrEmpty(Profile?.DisplayName) ? null : Profile.DisplayName,
        Email = Profile?.Email,
        IsBot = IsBot,
        IsDeleted = Deleted,
        IsRestricted = IsRestricted,
    };
}

internal sealed class SlackProfileDto
{
    [JsonPropertyName("email")]
    public string? Email { get; set; }

    [JsonPropertyName("display_name")]
    public string? DisplayName { get; set; }

    [JsonPropertyName("real_name")]
    public string? RealName { get; set; }
}

internal sealed class SlackConversationDto
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("is_private")]
    public bool IsPrivate { get; set; }

    [JsonPropertyName("is_archived")]
    public bool IsArchived { get; set; }

    [JsonPropertyName("is_member")]
    public bool IsMember { get; set; }

    public SlackConversation ToModel(string method) => new()
    {
        Id = Id ?? throw SlackClient.InvalidResponse(method, "a channel without an id"),
        Name = Name,
        IsPrivate = IsPrivate,
        IsArchived = IsArchived,
        IsMember = IsMember,
    };
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackEnvelope))]
[JsonSerializable(typeof(SlackMessageResponse))]
[JsonSerializable(typeof(SlackUserResponse))]
[JsonSerializable(typeof(SlackUserListResponse))]
[JsonSerializable(typeof(SlackConversationResponse))]
[JsonSerializable(typeof(SlackConversationListResponse))]
[JsonSerializable(typeof(SlackIdListResponse))]
[JsonSerializable(typeof(SlackViewResponse))]
[JsonSerializable(typeof(SlackHistoryResponse))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;
