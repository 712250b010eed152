using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sym.Sdk.Serialization;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Serialization;

public sealed class SymEventJsonTests
{
    private const string UserUuid = "2dba7476-a43d-4eb4-ac4b-bdc33b83fca0";

    /// <summary>A small event of the newer platform's shape: org-scoped typed SRNs, a sym identity, more actors.</summary>
    internal const string NewerEvent = """
        {
          "id": "0b7e1c1e-0000-4000-8000-000000000001",
          "meta": { "schema_version": 7, "producer": "platform-2026" },
          "run": {
            "srn": "acme:run:okta_access:2.1.0:6f1f2c9e-1111-4222-8333-944455556666",
            "flow": "acme:flow:okta_access:2.1.0",
            "actors": {
              "request": {
                "user": "acme:user:normal:11111111-2222-4333-8444-555555555555:latest",
                "name": "Ada Lovelace",
                "username": "ada@acme.dev",
                "identity": { "service": "sym", "external_id": "cloud", "email": "ada@acme.dev" }
              },
              "approve": {
                "user": "acme:user:normal:99999999-2222-4333-8444-555555555555:latest",
                "name": "Grace Hopper",
                "username": "grace@acme.dev",
                "identity": { "service": "slack", "external_id": "T0123456789", "user_id": "U0GRACE" }
              },
              "deescalate": {
                "user": "acme:user:bot:77777777-2222-4333-8444-555555555555:latest",
                "username": "sym-bot@acme.dev",
                "identity": { "service": "sym", "external_id": "cloud", "email": "sym-bot@acme.dev" }
              }
            }
          },
          "event": {
            "srn": "sym:event-spec:approval:1.0.0:deescalate",
            "type": "deescalate",
            "template": "sym:template:approval:1.0.0",
            "timestamp": "2026-11-25T10:00:00.5+02:00",
            "channel": "internal",
            "trace_id": "abc"
          },
          "actor": {
            "user": "acme:user:bot:77777777-2222-4333-8444-555555555555:latest",
            "username": "sym-bot@acme.dev",
            "identity": { "service": "sym", "external_id": "cloud", "email": "sym-bot@acme.dev" }
          },
          "fields": {
            "reason": "incident 42",
            "duration": 3600,
            "target": {
              "name": "admins",
              "srn": "acme:access_target:okta_group:admins:latest:3c9b2f4e-aaaa-4bbb-8ccc-dddddddddddd",
              "type": "okta_group",
              "label": "Production admins",
              "settings": { "group_id": "00g1abc", "read_only": false, "weight": 3, "nested": { "a": [1, 2] }, "empty": null }
            }
          },
          "state": { "status": "processing", "errors": [{ "code": "x" }] },
          "type": "event"
        }
        """;

    // ---- mapping, on the recorded fixtures ----

    [Fact]
    public void Parse_EscalateFixture_MapsEventAndPayload()
    {
        Event evt = SymEventJson.Parse(SymEventFixtures.Read("escalate-v4.json"));

        evt.Id.Should().Be("d2d7cfae-5130-4f65-ad7b-e5c5d140b50b");
        evt.Name.Should().Be("escalate");
        evt.Step.Should().Be(ApprovalTemplateStep.Escalate);
        evt.Meta.SchemaVersion.Should().Be(4);
        evt.Channel.Should().Be("slack");
        evt.Template.Name.Should().Be("approval");
        evt.Template.Srn!.ToString().Should().Be("sym:template:approval:1.0.0");
        evt.Payload.Srn!.ToString().Should().Be("sym:event-spec:approval:1.0.0:escalate");
        evt.Payload.Timestamp.Should().Be(new DateTimeOffset(2022, 3, 25, 15, 21, 59, TimeSpan.Zero).AddTicks(1103680));
        evt.Payload.Timestamp.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Parse_EscalateFixture_MapsUserAndIdentity()
    {
        Event evt = SymEventJson.Parse(SymEventFixtures.Read("escalate-v4.json"));

        User user = evt.User;
        user.Id.Should().Be(UserUuid);
        user.Srn!.ToString().Should().Be($"sym:user:{UserUuid}:latest");
        user.Username.Should().Be("sym-user@healthy-health.co");
        user.Email.Should().Be("sym-user@healthy-health.co");
        user.Name.Should().Be("Sym User");
        user.Type.Should().Be(UserType.Normal);
        user.Identities.Should().ContainSingle().Which.Should().BeEquivalentTo(new UserIdentity
        {
            Service = "slack", ServiceId = "T0123456789", UserId = "U0123456789",
        }, o => o.Excluding(i => i.MatchingValue));
        user.Identity("slack", "T0123456789")!.MatchingValue.Should().Be("U0123456789");
    }

    [Fact]
    public void Parse_EscalateFixture_MapsRunFlowAndActors()
    {
        Event evt = SymEventJson.Parse(SymEventFixtures.Read("escalate-v4.json"));

        evt.Run.Id.Should().Be("ff30a212-24d9-459c-8784-de275042b083");
        evt.Run.Srn!.ToString().Should().Be("sym:run:lambda_access:1.0.0:ff30a212-24d9-459c-8784-de275042b083");
        evt.Run.Parent!.ToString().Should().Be("sym:run:flow_selection:1.0.0:ad7c412c-99ef-4e17-b57f-a97a1ad8320f");
        evt.Run.FlowSrn!.ToString().Should().Be("sym:flow:lambda_access:1.0.0");
        evt.Flow.Name.Should().Be("lambda_access");
        evt.Flow.Srn.Should().Be(evt.Run.FlowSrn);
        evt.Run.Actors.Keys.Should().BeEquivalentTo("prompt", "request");
        User requester = evt.GetActor(ApprovalTemplateStep.Request)!;
        requester.Username.Should().Be("sym-user@healthy-health.co");
        requester.Id.Should().Be(UserUuid);
        requester.Identity("slack")!.UserId.Should().Be("U0123456789");
        evt.GetActor(ApprovalTemplateStep.Approve).Should().BeNull();
    }

    [Fact]
    public void Parse_EscalateFixture_MapsFieldsAndTarget()
    {
        Event evt = SymEventJson.Parse(SymEventFixtures.Read("escalate-v4.json"));

        evt.Fields.Reason.Should().Be("Fix Ticket 123");
        evt.Fields.Duration.Should().Be(TimeSpan.FromSeconds(30));
        evt.Fields.Keys.Should().BeEquivalentTo("reason", "duration", "target", "target_id");
        evt.Fields.TargetId.Should().Be("e6a92881-cb49-4580-bb17-56c581a596a2");
        AccessTarget target = evt.Fields.Target!;
        target.Name.Should().Be("lambda_access");
        target.Type.Should().Be("aws_lambda_function");
        target.Label.Should().Be("Lambda Access");
        target.Srn!.Identifier.Should().Be("e6a92881-cb49-4580-bb17-56c581a596a2");
        target.Srn.Type.Should().BeNull("the v4 target SRN has no type component");
        target.Id.Should().Be("e6a92881-cb49-4580-bb17-56c581a596a2");
        target.GetRequiredSetting("arn").Should().Be("arn:aws:lambda:us-east-1:123456789012:function:sym-duo-access");
        target.Settings.Should().HaveCount(1);
    }

    [Fact]
    public void Parse_DeescalateFixture_MapsTypeEmailIdentityAndOpaqueTargetId()
    {
        Event evt = SymEventJson.Parse(SymEventFixtures.Read("deescalate-v4.json"));

        evt.Name.Should().Be("deescalate");
        evt.Channel.Should().Be("internal");
        evt.Fields.GetString("deescalate_type").Should().Be("scheduled");
        evt.Fields.Duration.Should().BeNull();
        evt.Fields.Reason.Should().BeNull();
        evt.Fields.TargetId.Should().Be("e6a92881--4580-bb17-56c581a596a2", "ids are opaque, even when not a valid UUID");
        UserIdentity identity = evt.User.Identities.Should().ContainSingle().Subject;
        identity.Email.Should().Be("sym-user@healthy-health.co");
        identity.UserId.Should().BeNull();
        identity.MatchingValue.Should().Be("sym-user@healthy-health.co");
        evt.Payload.Timestamp.Should().Be(new DateTimeOffset(2022, 3, 25, 15, 22, 34, TimeSpan.Zero).AddTicks(1562470));
    }

    // ---- other shapes the platform sends ----

    [Fact]
    public void Parse_HigherSchemaVersion_ReadsItAndKeepsUnknownMembers()
    {
        Event evt = SymEventJson.Parse(NewerEvent);

        evt.Meta.SchemaVersion.Should().Be(7);
        string written = SymEventJson.Serialize(evt);
        JsonSemantics.FindDifference(NewerEvent, written).Should().BeNull();
        JsonNode.Parse(written)!["meta"]!["producer"]!.GetValue<string>().Should().Be("platform-2026");
        JsonNode.Parse(written)!["event"]!["trace_id"]!.GetValue<string>().Should().Be("abc");
    }

    [Fact]
    public void Parse_OrgScopedTypedUserSrn_TakesIdFromSlugAndTypeFromSrn()
    {
        Event evt = SymEventJson.Parse(NewerEvent);

        User approver = evt.GetActor(ApprovalTemplateStep.Approve)!;
        approver.Id.Should().Be("99999999-2222-4333-8444-555555555555");
        approver.Srn!.Org.Should().Be("acme");
        approver.Srn.Type.Should().Be("normal");
        approver.Type.Should().Be(UserType.Normal);
        evt.User.Type.Should().Be(UserType.Bot);
        evt.User.Id.Should().Be("77777777-2222-4333-8444-555555555555");
    }

    [Fact]
    public void Parse_TypedTargetSrnWithIdentifier_ReadsTypeSlugAndId()
    {
        AccessTarget target = SymEventJson.Parse(NewerEvent).Fields.Target!;

        target.Srn!.Type.Should().Be("okta_group");
        target.Srn.Slug.Should().Be("admins");
        target.Id.Should().Be("3c9b2f4e-aaaa-4bbb-8ccc-dddddddddddd");
        target.Label.Should().Be("Production admins");
    }

    [Fact]
    public void Parse_NonStringTargetSettings_KeepsTheirJsonTextAndDropsNulls()
    {
        AccessTarget target = SymEventJson.Parse(NewerEvent).Fields.Target!;

        target.Settings.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["group_id"] = "00g1abc", ["read_only"] = "false", ["weight"] = "3", ["nested"] = """{ "a": [1, 2] }""",
        });
    }

    [Fact]
    public void Parse_SymIdentityWithEmail_MapsServiceIdAndEmail()
    {
        Event evt = SymEventJson.Parse(NewerEvent);

        UserIdentity identity = evt.GetActor(ApprovalTemplateStep.Request)!.Identity("sym", "cloud")!;
        identity.Email.Should().Be("ada@acme.dev");
        identity.UserId.Should().BeNull();
        identity.MatchingValue.Should().Be("ada@acme.dev");
    }

    [Fact]
    public void Parse_MoreActors_ExposesEachStep()
    {
        Event evt = SymEventJson.Parse(NewerEvent);

        evt.Run.Actors.Keys.Should().BeEquivalentTo("request", "approve", "deescalate");
        evt.GetActor(ApprovalTemplateStep.Approve)!.Name.Should().Be("Grace Hopper");
        evt.GetActor(ApprovalTemplateStep.Approve)!.Identity("slack")!.UserId.Should().Be("U0GRACE");
        evt.GetActor(ApprovalTemplateStep.Deescalate)!.Should().Be(evt.User);
        evt.Run.Id.Should().Be("6f1f2c9e-1111-4222-8333-944455556666");
        evt.Flow.Name.Should().Be("okta_access");
        evt.Run.Parent.Should().BeNull();
    }

    [Fact]
    public void Parse_TimestampWithOffset_KeepsInstantAndOffset()
    {
        Event evt = SymEventJson.Parse(NewerEvent);

        evt.Payload.Timestamp.Should().Be(new DateTimeOffset(2026, 11, 25, 8, 0, 0, 500, TimeSpan.Zero));
        evt.Payload.Timestamp.Offset.Should().Be(TimeSpan.FromHours(2));
    }

    [Theory]
    [InlineData("2022-03-25T15:22:34.156247", "2022-03-25T15:22:34.1562470Z")]
    [InlineData("2022-03-25T15:22:34Z", "2022-03-25T15:22:34.0000000Z")]
    [InlineData("2022-03-25T17:22:34-02:00", "2022-03-25T19:22:34.0000000Z")]
    [InlineData("2022-03-25 15:22:34", "2022-03-25T15:22:34.0000000Z")]
    [InlineData("2022-03-25", "2022-03-25T00:00:00.0000000Z")]
    public void Parse_Timestamp_ReadsInstantTreatingNoZoneAsUtc(string wire, string expectedUtc)
    {
        Event evt = SymEventJson.Parse(Minimal(timestamp: wire));

        evt.Payload.Timestamp.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture).Should().Be(expectedUtc);
        JsonNode.Parse(SymEventJson.Serialize(evt))!["event"]!["timestamp"]!.GetValue<string>().Should().Be(wire, "an unchanged timestamp is written as received");
    }

    [Fact]
    public void Parse_UnparseableSrns_KeepsEventAndWritesThemBack()
    {
        string json = Minimal(run: """{ "srn": "run 42", "flow": "not-an-srn", "parent": "a:b" }""", user: "user#7", srn: "x:y", template: "tmpl");

        Event evt = SymEventJson.Parse(json);

        evt.Run.Srn.Should().BeNull();
        evt.Run.Id.Should().Be("run 42");
        evt.Run.Parent.Should().BeNull();
        evt.Flow.Name.Should().Be("not-an-srn");
        evt.Flow.Srn.Should().BeNull();
        evt.User.Srn.Should().BeNull();
        evt.User.Id.Should().Be("user#7");
        evt.Payload.Srn.Should().BeNull();
        evt.Template.Name.Should().Be("tmpl");
        JsonSemantics.FindDifference(json, SymEventJson.Serialize(evt)).Should().BeNull();
    }

    [Fact]
    public void Parse_UpperCaseSrn_NormalisesModelAndWritesOriginalText()
    {
        string json = Minimal(user: "Sym:User:ABC-1:latest");

        Event evt = SymEventJson.Parse(json);

        evt.User.Srn!.ToString().Should().Be("sym:user:abc-1:latest");
        evt.User.Id.Should().Be("abc-1");
        JsonNode.Parse(SymEventJson.Serialize(evt))!["actor"]!["user"]!.GetValue<string>().Should().Be("Sym:User:ABC-1:latest");
    }

    [Fact]
    public void Parse_NullOptionalMembers_ReadsDefaultsAndWritesNullsBack()
    {
        string json = """
            {
              "id": null, "meta": { "schema_version": null },
              "run": { "srn": null, "parent": null, "flow": null, "actors": { "request": null } },
              "event": { "type": "request", "timestamp": "2024-01-01T00:00:00", "srn": null, "template": null, "channel": null },
              "actor": { "user": null, "name": null, "username": "a@b.c", "identity": null },
              "fields": { "target": null, "reason": null }
            }
            """;

        Event evt = SymEventJson.Parse(json);

        evt.Id.Should().BeEmpty();
        evt.Meta.SchemaVersion.Should().Be(4);
        evt.Channel.Should().BeNull();
        evt.Template.Should().Be(EventTemplate.Approval);
        evt.Run.Actors.Should().BeEmpty();
        evt.User.Identities.Should().BeEmpty();
        evt.User.Name.Should().BeNull();
        evt.Fields.Target.Should().BeNull();
        evt.Fields.Reason.Should().BeNull();
        JsonSemantics.FindDifference(json, SymEventJson.Serialize(evt)).Should().BeNull();
    }

    [Fact]
    public void Parse_NullSections_ReadsDefaultsAndWritesNullsBack()
    {
        string json = """{ "meta": null, "run": null, "fields": null, "event": { "type": "request", "timestamp": "2024-01-01T00:00:00" }, "actor": { "username": "a@b.c" } }""";

        Event evt = SymEventJson.Parse(json);

        evt.Meta.SchemaVersion.Should().Be(4);
        evt.Run.Id.Should().BeEmpty();
        evt.Fields.Should().BeEmpty();
        JsonSemantics.FindDifference(json, SymEventJson.Serialize(evt)).Should().BeNull();
    }

    [Fact]
    public void Parse_MinimalDocument_DoesNotAddMembersOnTheRoundTrip()
    {
        string json = """{ "event": { "type": "request", "timestamp": "2024-01-01T00:00:00" }, "actor": { "username": "a@b.c" } }""";

        Event evt = SymEventJson.Parse(json);

        evt.Id.Should().BeEmpty();
        evt.Flow.Name.Should().BeEmpty();
        evt.Template.Should().Be(EventTemplate.Approval);
        SymEventJson.Serialize(evt).Should().Be("""{"event":{"type":"request","timestamp":"2024-01-01T00:00:00"},"actor":{"username":"a@b.c"}}""");
    }

    [Fact]
    public void Parse_EscapedNamesAndValues_ReadsThemUnescaped()
    {
        string json = Minimal(username: "\\u0061da@acme.dev").Replace("\"type\"", "\"\\u0074ype\"", StringComparison.Ordinal);

        Event evt = SymEventJson.Parse(json);

        evt.Name.Should().Be("request");
        evt.User.Username.Should().Be("ada@acme.dev");
    }

    [Fact]
    public void Parse_DuplicateFieldName_LastValueWins()
    {
        Event evt = SymEventJson.Parse(Minimal(fields: """{ "reason": "first", "reason": "second" }"""));

        evt.Fields.Reason.Should().Be("second");
    }

    [Fact]
    public void RoundTrip_DuplicateFieldName_WritesTheLastValueOnce()
    {
        Event evt = SymEventJson.Parse(Minimal(fields: """{ "reason": "first", "n": [1, 2], "reason": "second" }"""));

        JsonNode written = JsonNode.Parse(SymEventJson.Serialize(evt))!;

        written["fields"]!.ToJsonString().Should().Be("""{"n":[1,2],"reason":"second"}""");
    }

    [Fact]
    public void Parse_TargetRepeated_LastOneWins()
    {
        Event evt = SymEventJson.Parse(Minimal(fields: """{ "target": { "name": "first" }, "target": { "name": "second" } }"""));
        Event cleared = SymEventJson.Parse(Minimal(fields: """{ "target": { "name": "first" }, "target": null }"""));

        evt.Fields.Target!.Name.Should().Be("second");
        cleared.Fields.Target.Should().BeNull();
    }

    [Fact]
    public void Parse_ManyDistinctSrns_EachReadsAsItsOwn()
    {
        // More SRNs than the process-wide cache has slots, sharing prefixes and lengths: every read must return the
        // SRN of its own text whether it hits, misses or evicts; upper case is kept for the writer, never cached.
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 1500; i++)
            {
                string id = i % 7 == 0 ? $"User{i:D5}" : $"user{i:D5}";
                Event evt = SymEventJson.Parse(Minimal(user: $"sym:user:{id}:latest", run: $$"""{ "srn": "sym:run:x:1.0.0:r{{i}}" }"""));

                evt.User.Srn!.Identifier.Should().BeNull();
                evt.User.Id.Should().Be(id.ToLowerInvariant());
                evt.Run.Id.Should().Be($"r{i}");
                JsonNode.Parse(SymEventJson.Serialize(evt))!["actor"]!["user"]!.GetValue<string>().Should().Be($"sym:user:{id}:latest");
            }
        }
    }

    // ---- writing changed and code-built events ----

    [Fact]
    public void Serialize_ChangedModelValues_WritesTheModelAndKeepsUnknownMembers()
    {
        Event parsed = SymEventJson.Parse(SymEventFixtures.Read("escalate-v4.json"));
        DateTimeOffset later = parsed.Payload.Timestamp.AddMinutes(5);
        Event changed = parsed with
        {
            Name = "deescalate",
            Channel = "api",
            Payload = parsed.Payload with { Timestamp = later, Srn = Srn.Parse("sym:event-spec:approval:1.0.0:deescalate") },
            Meta = parsed.Meta with { SchemaVersion = 5 },
        };

        JsonNode written = JsonNode.Parse(SymEventJson.Serialize(changed))!;

        written["event"]!["type"]!.GetValue<string>().Should().Be("deescalate");
        written["event"]!["channel"]!.GetValue<string>().Should().Be("api");
        written["event"]!["srn"]!.GetValue<string>().Should().Be("sym:event-spec:approval:1.0.0:deescalate");
        DateTimeOffset.Parse(written["event"]!["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(later);
        written["meta"]!["schema_version"]!.GetValue<int>().Should().Be(5);
        written["state"]!["status"]!.GetValue<string>().Should().Be("processing");
        written["type"]!.GetValue<string>().Should().Be("event");
    }

    [Fact]
    public void Serialize_UserWithAddedIdentity_WritesModelIdentityAndKeepsUnknownMembers()
    {
        string json = Minimal(actorExtra: """, "role_hint": "admin" """);
        Event parsed = SymEventJson.Parse(json);
        User user = parsed.User.WithIdentity(new UserIdentity { Service = "okta", ServiceId = "acme.okta.com", UserId = "00u1" });
        Event changed = parsed with { Payload = parsed.Payload with { User = user } };

        JsonNode actor = JsonNode.Parse(SymEventJson.Serialize(changed))!["actor"]!;

        actor["identity"]!["service"]!.GetValue<string>().Should().Be("slack", "the wire carries the first identity");
        actor["role_hint"]!.GetValue<string>().Should().Be("admin");
    }

    [Fact]
    public void Serialize_EventBuiltInCode_WritesAWireDocumentThatReadsBack()
    {
        var requester = new User
        {
            Id = UserUuid, Username = "ada@acme.dev", Name = "Ada",
            Identities = [new UserIdentity { Service = "slack", ServiceId = "T1", UserId = "U1" }],
        };
        var target = new AccessTarget
        {
            Name = "admins", Type = "okta_group", Label = "Admins",
            Srn = Srn.Parse("acme:access_target:okta_group:admins:latest:t-1"),
            Settings = new Dictionary<string, string> { ["group_id"] = "00g1" },
        };
        using JsonDocument values = JsonDocument.Parse("""{ "reason": "on call", "duration": 600 }""");
        var fields = new EventFields(values.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()), target);
        var evt = new Event
        {
            Id = "e-1",
            Name = "escalate",
            Channel = "api",
            Payload = new EventPayload { Timestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), User = requester, Fields = fields },
            Flow = new Flow { Name = "okta_access", Srn = Srn.Parse("acme:flow:okta_access:1.0.0") },
            Run = new Run { Id = "r-1", Actors = new Dictionary<string, User> { ["request"] = requester } },
        };

        string json = SymEventJson.Serialize(evt);
        Event read = SymEventJson.Parse(json);

        JsonNode doc = JsonNode.Parse(json)!;
        doc["type"]!.GetValue<string>().Should().Be("event");
        doc["meta"]!["schema_version"]!.GetValue<int>().Should().Be(4);
        doc["event"]!["template"]!.GetValue<string>().Should().Be("sym:template:approval:1.0.0");
        doc["fields"]!["target_id"]!.GetValue<string>().Should().Be("t-1");
        read.Id.Should().Be("e-1");
        read.Name.Should().Be("escalate");
        read.Channel.Should().Be("api");
        read.Payload.Timestamp.Should().Be(evt.Payload.Timestamp);
        read.Run.Id.Should().Be("r-1");
        read.Run.Srn!.ToString().Should().Be("acme:run:okta_access:1.0.0:r-1");
        read.Flow.Name.Should().Be("okta_access");
        read.User.Id.Should().Be(UserUuid);
        read.User.Name.Should().Be("Ada");
        read.User.Identity("slack", "T1")!.UserId.Should().Be("U1");
        read.GetActor(ApprovalTemplateStep.Request).Should().Be(requester);
        read.Fields.Reason.Should().Be("on call");
        read.Fields.Duration.Should().Be(TimeSpan.FromMinutes(10));
        read.Fields.Target.Should().BeEquivalentTo(target, o => o.Excluding(t => t.Srn));
        read.Fields.Target!.Srn.Should().Be(target.Srn);
        read.Fields.TargetId.Should().Be("t-1");
    }

    [Fact]
    public void Serialize_WriterOverload_WritesTheSameDocument()
    {
        Event evt = SymEventJson.Parse(NewerEvent);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            SymEventJson.Serialize(writer, evt);
        }

        JsonSemantics.FindDifference(SymEventJson.Serialize(evt), Encoding.UTF8.GetString(buffer.WrittenSpan)).Should().BeNull();
    }

    [Fact]
    public void Serialize_FieldWithDefaultJsonElement_ThrowsArgumentException()
    {
        Event parsed = SymEventJson.Parse(Minimal());
        Event evt = parsed with
        {
            Payload = parsed.Payload with { Fields = new EventFields(new Dictionary<string, JsonElement> { ["reason"] = default }) },
        };

        FluentActions.Invoking(() => SymEventJson.Serialize(evt)).Should().Throw<ArgumentException>().WithMessage("*'reason'*");
    }

    [Fact]
    public void PublicMethods_NullArguments_ThrowArgumentNullException()
    {
        FluentActions.Invoking(() => SymEventJson.Parse((string)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => SymEventJson.Serialize(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => SymEventJson.SerializeToUtf8Bytes(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => SymEventJson.Serialize(null!, SymEventJson.Parse(Minimal()))).Should().Throw<ArgumentNullException>();
    }

    internal static string Minimal(
        string timestamp = "2024-01-01T00:00:00", string run = """{ "srn": "sym:run:x:1.0.0:r1" }""", string user = "sym:user:u1:latest",
        string srn = "sym:event-spec:approval:1.0.0:request", string template = "sym:template:approval:1.0.0",
        string username = "ada@acme.dev", string fields = "{}", string actorExtra = "") => $$"""
        {
          "id": "e1",
          "meta": { "schema_version": 4 },
          "run": {{run}},
          "event": { "srn": "{{srn}}", "type": "request", "template": "{{template}}", "timestamp": "{{timestamp}}", "channel": "slack" },
          "actor": { "user": "{{user}}", "username": "{{username}}", "identity": { "service": "slack", "external_id": "T1", "user_id": "U1" }{{actorExtra}} },
          "fields": {{fields}},
          "type": "event"
        }
        """;
}
