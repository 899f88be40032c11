using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Directory;
using Microsoft.Extensions.DependencyInjection;
using ReferralsService;
using ReferralsService.Data;
using ReferralsService.Domain;
using Security.Tests.Support;

namespace Security.Tests.Referrals;

/// <summary>
/// Referrals with organisation A's service in the read model (as Directory's ServiceListed would put it there) and
/// practitioner P1's referral of one person to it, requested, accepted and with a message. Fresh referrals of the
/// same distinctive person (another date of birth, so not a duplicate) are made per call where a call changes one.
/// </summary>
public sealed class ReferralsSecurityApi : SecurityApi<ReferralsModule>
{
    public const string GivenName = "Zephyrine";
    public const string FamilyName = "Quillfeather";
    public const string Email = "zephyrine.quillfeather@example.org";
    public const string Phone = "07700 900987";
    public const string DateOfBirth = "1937-02-11";
    public const string NhsNumber = "9434765919";

    private int _people;

    public Guid ServiceId { get; private set; }
    public Guid ReferralId { get; private set; }

    public override IReadOnlyList<string> Secrets => [GivenName, FamilyName, Email, Phone, "900987", DateOfBirth, NhsNumber, "943 476 5919"];

    protected override async Task SeedAsync()
    {
        Parties = new Parties(Guid.NewGuid(), Guid.NewGuid());
        ServiceId = Guid.NewGuid();
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReferralsDb>();
            db.ReferrableServices.Add(ReferrableService.From(new ServiceListed(ServiceId, Parties.OwnOrg, "Quayside Friends",
                "Quayside lunch club", ReferralAcceptance.Yes, true, true, [], DateTimeOffset.UtcNow.AddDays(-1))));
            await db.SaveChangesAsync();
        }
        ReferralId = await Referral(ReferralStatus.Accepted, Person(DateOfBirth, NhsNumber));
        using var referrer = ClientFor(Caller.Referrer);
        var posted = await referrer.PostAsJsonAsync($"/api/referrals/{ReferralId}/messages", new { text = "She would like a lift." });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
    }

    /// <summary>An erasure request for a person of their own, with a requested referral (erasing the fixture's would end it).</summary>
    public async Task<object> ErasureOfFreshPerson()
    {
        var dateOfBirth = new DateOnly(1930, 1, 1).AddDays(Interlocked.Increment(ref _people)).ToString("yyyy-MM-dd");
        await Referral(ReferralStatus.Requested, Person(dateOfBirth));
        return new { person = new { givenName = GivenName, familyName = FamilyName, dateOfBirth }, requestReference = "DSR-1" };
    }

    /// <summary>The distinctive person, born on a day of their own unless told otherwise (a referral of them is never a duplicate).</summary>
    public object Person(string? dateOfBirth = null, string? nhsNumber = null) => new
    {
        givenName = GivenName, familyName = FamilyName,
        dateOfBirth = dateOfBirth ?? new DateOnly(1940, 1, 1).AddDays(Interlocked.Increment(ref _people)).ToString("yyyy-MM-dd"),
        nhsNumber, email = Email, phone = Phone, needs = new[] { "loneliness" }, notes = "Prefers mornings",
    };

    public static object Consent() => new
    {
        givenBy = "person", method = "verbal", givenAt = DateTimeOffset.UtcNow.AddMinutes(-10), shareWithProvider = true,
        shareOutcomesWithReferrer = true, contactBySms = true, contactByEmail = false,
    };

    public object NewReferral(bool submit = true) =>
        new { serviceId = ServiceId, person = Person(), consent = Consent(), reason = "Recently bereaved and lives alone", submit };

    /// <summary>A FHIR referral Bundle (docs/FHIR.md) of the distinctive person, born on a day of their own, to organisation A's service.</summary>
    public string NewReferralBundle()
    {
        var dateOfBirth = new DateOnly(1940, 1, 1).AddDays(Interlocked.Increment(ref _people)).ToString("yyyy-MM-dd");
        var consent = ReferralsService.Features.Fhir.PostReferralBundle.ConsentScopeSystem;
        return JsonSerializer.Serialize(new
        {
            resourceType = "Bundle", type = "transaction",
            entry = new object[]
            {
                new { fullUrl = "urn:uuid:11111111-1111-4111-8111-111111111111", request = new { method = "POST", url = "Patient" }, resource = new
                {
                    resourceType = "Patient", name = new[] { new { given = new[] { GivenName }, family = FamilyName } }, birthDate = dateOfBirth,
                    telecom = new[] { new { system = "phone", value = Phone }, new { system = "email", value = Email } },
                } },
                new { fullUrl = "urn:uuid:22222222-2222-4222-8222-222222222222", request = new { method = "POST", url = "ServiceRequest" }, resource = new
                {
                    resourceType = "ServiceRequest", status = "active", intent = "order",
                    subject = new { reference = "urn:uuid:11111111-1111-4111-8111-111111111111" },
                    performer = new[] { new { reference = $"HealthcareService/{ServiceId}" } },
                    reasonCode = new[] { new { text = "loneliness" } }, note = new[] { new { text = "Recently bereaved" } },
                } },
                new { fullUrl = "urn:uuid:33333333-3333-4333-8333-333333333333", request = new { method = "POST", url = "Consent" }, resource = new
                {
                    resourceType = "Consent", status = "active",
                    scope = new { coding = new[] { new { system = "http://terminology.hl7.org/CodeSystem/consentscope", code = "patient-privacy" } } },
                    category = new[] { new { coding = new[] { new { system = "http://loinc.org", code = "59284-0" } } } },
                    patient = new { reference = "urn:uuid:11111111-1111-4111-8111-111111111111" },
                    dateTime = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("yyyy-MM-ddTHH:mm:ssZ"),
                    policyRule = new { text = "Referral sharing" },
                    provision = new { type = "permit", code = new[] { new { coding = new[] { new { system = consent, code = "share-with-provider" } } } } },
                } },
                new { fullUrl = "urn:uuid:44444444-4444-4444-8444-444444444444", request = new { method = "POST", url = "Task" }, resource = new
                {
                    resourceType = "Task", status = "requested", intent = "order",
                    focus = new { reference = "urn:uuid:22222222-2222-4222-8222-222222222222" },
                    owner = new { reference = $"Organization/{Parties.OwnOrg}" },
                } },
            },
        });
    }

    /// <summary>A referral by P1 (team T1), moved to the given state: draft, requested or accepted.</summary>
    public async Task<Guid> Referral(ReferralStatus status, object? person = null)
    {
        using var referrer = ClientFor(Caller.Referrer);
        var created = await referrer.PostAsJsonAsync("/api/referrals", new
        {
            serviceId = ServiceId, person = person ?? Person(), consent = Consent(), reason = "Recently bereaved", submit = status != ReferralStatus.Draft,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        if (status == ReferralStatus.Accepted)
        {
            using var provider = ClientFor(Caller.OwnOrgProvider);
            var accepted = await provider.PostAsync($"/api/referrals/{id}/accept", null);
            Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        }
        return id;
    }
}
