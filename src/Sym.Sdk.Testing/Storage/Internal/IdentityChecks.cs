using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>Users' identities: keyed by username, service and service id ignoring case, replaced per service and service id, saved alone or with a step.</summary>
internal static class IdentityChecks
{
    public static IEnumerable<StoreCheck> All =>
    [
        StoreCheck.Of(GetIdentityAsync_UserAndServiceInAnotherCase_FindsTheSavedIdentity),
        StoreCheck.Of(SaveIdentityAsync_SameServiceInAnotherCase_ReplacesTheIdentity),
        StoreCheck.Of(CommitAsync_Identities_AreSavedWithTheStepAndReplaceEarlierOnes),
        StoreCheck.Of(GetIdentityAsync_EmptyService_Throws),
        StoreCheck.Of(GetIdentityByServiceIdAsync_TwoInstancesOfAService_AreKeptApart),
        StoreCheck.Of(ListIdentitiesAsync_EveryIdentityOfTheUser_InServiceAndServiceIdOrder),
    ];

    private static async Task GetIdentityByServiceIdAsync_TwoInstancesOfAService_AreKeptApart(CheckContext c)
    {
        var user = new User { Username = "a@x.com" };
        var acme = new UserIdentity { Service = "okta", ServiceId = "acme.okta.com", UserId = "00u-acme" };
        var other = new UserIdentity { Service = "okta", ServiceId = "other.okta.com", UserId = "00u-other" };
        await c.Store.SaveIdentityAsync(user, other, c.CancellationToken).ConfigureAwait(false);
        await c.Store.SaveIdentityAsync(user, acme, c.CancellationToken).ConfigureAwait(false);

        Expect.SameMembers(acme, await c.Store.GetIdentityByServiceIdAsync(user, "OKTA", "ACME.okta.com", c.CancellationToken).ConfigureAwait(false),
            "a@x.com's identity in the okta org acme.okta.com (two orgs saved)");
        Expect.SameMembers(other, await c.Store.GetIdentityByServiceIdAsync(user, "okta", "other.okta.com", c.CancellationToken).ConfigureAwait(false),
            "a@x.com's identity in the okta org other.okta.com");
        Expect.Null(await c.Store.GetIdentityByServiceIdAsync(user, "okta", "third.okta.com", c.CancellationToken).ConfigureAwait(false),
            "a@x.com's identity in an okta org never saved");
        Expect.SameMembers(acme, await c.Store.GetIdentityAsync(user, "okta", c.CancellationToken).ConfigureAwait(false),
            "a@x.com's okta identity without a service id (the lowest service id when none lacks one)");

        var plain = new UserIdentity { Service = "okta", UserId = "00u-plain" };
        await c.Store.SaveIdentityAsync(user, plain, c.CancellationToken).ConfigureAwait(false);
        Expect.SameMembers(plain, await c.Store.GetIdentityAsync(user, "okta", c.CancellationToken).ConfigureAwait(false),
            "a@x.com's okta identity without a service id, once one without a service id is saved");
        Expect.SameMembers(acme, await c.Store.GetIdentityByServiceIdAsync(user, "okta", "acme.okta.com", c.CancellationToken).ConfigureAwait(false),
            "the acme identity, kept when one without a service id is saved");
    }

    private static async Task ListIdentitiesAsync_EveryIdentityOfTheUser_InServiceAndServiceIdOrder(CheckContext c)
    {
        var user = new User { Username = "a@x.com" };
        var slack = new UserIdentity { Service = "slack", ServiceId = "T01", UserId = "U01" };
        var oktaB = new UserIdentity { Service = "okta", ServiceId = "b.okta.com", UserId = "00u-b" };
        var oktaA = new UserIdentity { Service = "okta", ServiceId = "a.okta.com", UserId = "00u-a", Email = "a@a.example" };
        await c.Store.SaveIdentityAsync(user, slack, c.CancellationToken).ConfigureAwait(false);
        await c.Store.SaveIdentityAsync(user, oktaB, c.CancellationToken).ConfigureAwait(false);
        await c.Store.SaveIdentityAsync(new User { Username = "A@X.COM" }, oktaA, c.CancellationToken).ConfigureAwait(false);
        await c.Store.SaveIdentityAsync(new User { Username = "b@x.com" }, slack with { UserId = "U02" }, c.CancellationToken).ConfigureAwait(false);

        IReadOnlyList<UserIdentity> listed = await c.Store.ListIdentitiesAsync(user, c.CancellationToken).ConfigureAwait(false);

        Expect.Equal(3, listed.Count, "how many identities a@x.com has (b@x.com's not among them)");
        Expect.SameMembers(oktaA, listed[0], "a@x.com's first identity (okta, a.okta.com)");
        Expect.SameMembers(oktaB, listed[1], "a@x.com's second identity (okta, b.okta.com)");
        Expect.SameMembers(slack, listed[2], "a@x.com's third identity (slack)");
        Expect.Equal(0, (await c.Store.ListIdentitiesAsync(new User { Username = "nobody@x.com" }, c.CancellationToken).ConfigureAwait(false)).Count,
            "how many identities a user never saved has");
    }

    private static async Task GetIdentityAsync_UserAndServiceInAnotherCase_FindsTheSavedIdentity(CheckContext c)
    {
        var identity = new UserIdentity { Service = "okta", ServiceId = "acme", UserId = "00u1", Email = "a@okta.example" };
        await c.Store.SaveIdentityAsync(new User { Username = "A@x.com" }, identity, c.CancellationToken).ConfigureAwait(false);

        Expect.SameMembers(identity, await c.Store.GetIdentityAsync(new User { Username = "a@X.com" }, "OKTA", c.CancellationToken).ConfigureAwait(false),
            "the identity of a@X.com in OKTA (saved for A@x.com in okta)");
        Expect.Null(await c.Store.GetIdentityAsync(new User { Username = "a@x.com" }, "aws_sso", c.CancellationToken).ConfigureAwait(false),
            "the identity of a@x.com in another service");
        Expect.Null(await c.Store.GetIdentityAsync(new User { Username = "b@x.com" }, "okta", c.CancellationToken).ConfigureAwait(false),
            "the identity of another user");
    }

    private static async Task SaveIdentityAsync_SameServiceInAnotherCase_ReplacesTheIdentity(CheckContext c)
    {
        var user = new User { Username = "a@x.com" };
        await c.Store.SaveIdentityAsync(user, new UserIdentity { Service = "okta", UserId = "00u1", Email = "old@x.com" }, c.CancellationToken).ConfigureAwait(false);
        await c.Store.SaveIdentityAsync(user, new UserIdentity { Service = "Okta", UserId = "00u2" }, c.CancellationToken).ConfigureAwait(false);
        Expect.SameMembers(new UserIdentity { Service = "Okta", UserId = "00u2" }, await c.Store.GetIdentityAsync(user, "okta", c.CancellationToken).ConfigureAwait(false),
            "the identity saved second (the first is replaced whole)");
    }

    private static async Task CommitAsync_Identities_AreSavedWithTheStepAndReplaceEarlierOnes(CheckContext c)
    {
        await c.Store.SaveIdentityAsync(new User { Username = "a@x.com" }, new UserIdentity { Service = "okta", UserId = "00u-old" }, c.CancellationToken)
            .ConfigureAwait(false);
        await c.CreateAsync(ContractSamples.Bare("r1")).ConfigureAwait(false);
        await c.OnRunAsync("r1", t => t with
        {
            Identities =
            [
                new SymIdentitySave(new User { Username = "A@X.com" }, new UserIdentity { Service = "OKTA", UserId = "00u-new" }),
                new SymIdentitySave(new User { Username = "b@x.com" }, new UserIdentity { Service = "aws_sso", UserId = "b-sso" }),
            ],
        }, "a step saving two identities").ConfigureAwait(false);

        Expect.Equal("00u-new", (await c.Store.GetIdentityAsync(new User { Username = "a@x.com" }, "okta", c.CancellationToken).ConfigureAwait(false))?.UserId,
            "a@x.com's okta identity after the step");
        Expect.Equal("b-sso", (await c.Store.GetIdentityAsync(new User { Username = "B@x.com" }, "AWS_SSO", c.CancellationToken).ConfigureAwait(false))?.UserId,
            "b@x.com's aws_sso identity after the step");
    }

    private static async Task GetIdentityAsync_EmptyService_Throws(CheckContext c) =>
        await Expect.ThrowsAsync<ArgumentException>(
            async () => await c.Store.GetIdentityAsync(new User { Username = "a@x.com" }, "", c.CancellationToken).ConfigureAwait(false),
            "reading an identity in the service \"\"").ConfigureAwait(false);
}
