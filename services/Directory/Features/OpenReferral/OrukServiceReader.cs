using System.Globalization;
using System.Text.Json;
using DirectoryService.Domain;

namespace DirectoryService.Features.OpenReferral;

/// <summary>One incoming ORUK service read into our terms, or the reasons it cannot be imported.</summary>
public sealed record IncomingService(
    string ExternalId, string Name, IncomingOrganisation Organisation, IReadOnlyList<IncomingLocation> Locations,
    ServiceDetails Details, DateOnly? AssuredOn, IReadOnlyList<IncomingTerm> PublisherTerms,
    IReadOnlyList<string> Warnings, IReadOnlyList<string> Rejections);

/// <summary>The service's organisation; without a name (none in the feed) it is filed under a placeholder for a curator to name.</summary>
public sealed record IncomingOrganisation(string ExternalId, string? Name, string? Description, string? Email, string? Website, string? Phone);

/// <summary>A taxonomy term as the publisher gave it: its id (or name), name and vocabulary.</summary>
public sealed record IncomingTerm(string ExternalId, string Name, string? Vocabulary);

public sealed record IncomingLocation(string ExternalId, string Name, string? Address1, string? City, string? Postcode,
    double? Latitude, double? Longitude, IReadOnlyList<string> Accessibility);

/// <summary>
/// Reads an ORUK 3.0 service object leniently: what is missing is left empty, what cannot be understood is dropped
/// with a warning, and only what would make a misleading listing (no id, no name, an address that cannot be placed)
/// rejects the record. An organisation named nowhere in the feed is no reason to refuse a service: it is filed under a
/// placeholder; placeholder places ("Nationwide", "Online", 0,0) are no place at all.
/// </summary>
public static class OrukServiceReader
{
    /// <summary>The longest external id the import can remember (the imported-records key).</summary>
    public const int MaxIdLength = 200;

    public static IncomingService Read(JsonElement s, IReadOnlyDictionary<string, string> termCodes) =>
        Read(s, termCodes, new Dictionary<string, JsonElement>());

    /// <param name="organisations">The feed's organisations by id (a URL feed's /organizations/{id}, a file's own), for services naming only an organization_id.</param>
    public static IncomingService Read(JsonElement s, IReadOnlyDictionary<string, string> termCodes, IReadOnlyDictionary<string, JsonElement> organisations)
    {
        var warnings = new List<string>();
        var rejections = new List<string>();
        var externalId = s.ValueKind == JsonValueKind.Object && s.TryGetProperty("id", out var id) ? Id(id) : null;
        if (string.IsNullOrWhiteSpace(externalId)) rejections.Add("Missing id.");
        else if (externalId.Length > MaxIdLength) rejections.Add($"Id is longer than {MaxIdLength} characters.");
        var name = Text(s, "name")?.Trim();
        if (string.IsNullOrWhiteSpace(name)) rejections.Add("Missing name.");
        else if (name.Length > 200) rejections.Add("Name is longer than 200 characters.");

        var nested = s.ValueKind == JsonValueKind.Object && s.TryGetProperty("organization", out var org) && org.ValueKind == JsonValueKind.Object
            ? org : default;
        var organisationId = (nested.ValueKind == JsonValueKind.Object ? Text(nested, "id") : null) ?? Text(s, "organization_id");
        var named = Text(nested, "name")?.Trim() is { Length: > 0 } ? nested
            : organisationId is not null && organisations.TryGetValue(organisationId, out var listed) && Text(listed, "name")?.Trim() is { Length: > 0 } ? listed
            : default;
        IncomingOrganisation organisation;
        if (named.ValueKind == JsonValueKind.Object)
        {
            var orgName = Text(named, "name")!.Trim();
            organisation = new(organisationId ?? orgName, orgName, Clip(HtmlText.Plain(Text(named, "description")), 4000),
                Fitting(Text(named, "email"), 254, "Organization email", warnings), HttpUrl(Text(named, "website")),
                Fitting(FirstPhone(named), 40, "Organization phone", warnings));
            if (orgName.Length > 200) rejections.Add("Organization name is longer than 200 characters.");
        }
        else
        {
            organisation = new(organisationId ?? "", null, null, null, null, null);
            warnings.Add(organisationId is null
                ? "No organization: filed under a placeholder organisation for a curator to name."
                : $"Organization '{Clip(organisationId, 100)}' has no name in the feed: filed under a placeholder organisation for a curator to name.");
        }
        if (organisation.ExternalId.Length > MaxIdLength) rejections.Add($"Organization id is longer than {MaxIdLength} characters.");

        var locations = new List<IncomingLocation>();
        var (onlinePlaceholder, areaWidePlaceholder) = (false, false);
        foreach (var link in Objects(s, "service_at_locations"))
        {
            if (!link.TryGetProperty("location", out var location) || location.ValueKind != JsonValueKind.Object) continue;
            var address = Array(location, "addresses").FirstOrDefault();
            var postcode = address.ValueKind == JsonValueKind.Object ? Text(address, "postal_code")?.Trim() : null;
            var locationName = Text(location, "name") ?? Text(address, "address_1") ?? "Location";
            var latitude = Number(location, "latitude");
            var longitude = Number(location, "longitude");
            // 0,0 is in the Gulf of Guinea: a publisher's "no coordinates", never where an activity is.
            if (latitude == 0 && longitude == 0) (latitude, longitude) = (null, null);
            if (PlaceholderPlace(postcode, latitude, longitude, Text(location, "name"), Text(address, "address_1"), Text(address, "city")) is { } placeholder)
            {
                var online = OnlineWords.Any(w => placeholder.Contains(w, StringComparison.OrdinalIgnoreCase));
                (onlinePlaceholder, areaWidePlaceholder) = (onlinePlaceholder || online, areaWidePlaceholder || !online);
                warnings.Add($"'{Clip(placeholder, 100)}' is not a place: listed without a location (remote or area-wide).");
                continue;
            }
            if (postcode is not null && !OrukRules.UkPostcode().IsMatch(postcode))
                rejections.Add($"Invalid postcode '{postcode}' at location '{locationName}'.");
            if (latitude is < -90 or > 90 || longitude is < -180 or > 180)
            {
                rejections.Add($"Invalid coordinates ({latitude}, {longitude}) at location '{locationName}'.");
                (latitude, longitude) = (null, null);
            }
            var locationId = Text(location, "id") ?? $"{externalId}/{locations.Count}";
            if (locationId.Length > MaxIdLength) rejections.Add($"Location id is longer than {MaxIdLength} characters at location '{Clip(locationName, 200)}'.");
            locations.Add(new IncomingLocation(locationId, Clip(locationName, 200)!,
                address.ValueKind == JsonValueKind.Object ? Clip(Text(address, "address_1"), 200) : null,
                address.ValueKind == JsonValueKind.Object ? Clip(Text(address, "city"), 100) : null,
                postcode is null ? null : Postcode.Format(Postcode.Normalise(postcode)), latitude, longitude,
                [.. Array(location, "accessibility").Select(a => Text(a, "description") ?? Text(a, "accessibility"))
                    .OfType<string>().Select(a => a.Trim().ToLowerInvariant().Replace(' ', '-'))]));
        }

        var terms = new List<string>();
        var publisherTerms = new List<IncomingTerm>();
        foreach (var attribute in Objects(s, "attributes"))
        {
            if (!attribute.TryGetProperty("taxonomy_term", out var term) || term.ValueKind != JsonValueKind.Object) continue;
            var code = new[] { Text(term, "id"), Text(term, "term"), Text(term, "name") }
                .Where(k => k is not null).Select(k => termCodes.GetValueOrDefault(k!.ToLowerInvariant())).FirstOrDefault(c => c is not null);
            if (code is not null) terms.Add(code);
            else if ((Text(term, "id") ?? Text(attribute, "taxonomy_term_id") ?? Text(term, "name")) is { } termId
                     && (Text(term, "name") ?? Text(term, "term") ?? termId) is { } termName)
            {
                if (termId.Length > MaxIdLength) warnings.Add($"Taxonomy term id '{Clip(termId, 50)}...' is too long to keep: dropped.");
                else publisherTerms.Add(new IncomingTerm(termId, Clip(termName, 200)!, Clip(Text(term, "taxonomy") ?? Text(term, "vocabulary"), 200)));
            }
        }
        if (publisherTerms.Count > 0)
            warnings.Add($"Publisher's own taxonomy terms kept for a curator to map: {string.Join(", ", publisherTerms.Select(t => $"'{t.Name}'"))}.");

        var schedules = new List<Schedule>();
        foreach (var schedule in Array(s, "schedules"))
            if (ReadSchedule(schedule) is { } parsed) schedules.Add(parsed);
            else warnings.Add($"Schedule '{Text(schedule, "description") ?? Text(schedule, "id")}' could not be read: dropped.");

        var url = Text(s, "url");
        if (url is not null && HttpUrl(url) is null) warnings.Add($"Url '{url}' is not an http(s) URL: dropped.");
        var description = HtmlText.Plain(Text(s, "description"));
        if (description is { Length: > 4000 }) warnings.Add("Description cut to 4000 characters.");
        var allContacts = Objects(s, "contacts").ToList();
        // A contact with our welcomer title names the person who welcomes newcomers, not whom to contact.
        var welcomer = allContacts.FirstOrDefault(c => Text(c, "title") == OrukMapper.WelcomerTitle && Text(c, "name") is not null);
        var contacts = allContacts.Where(c => Text(c, "title") != OrukMapper.WelcomerTitle || Text(c, "name") is null).ToList();
        var contact = contacts.FirstOrDefault();
        var phones = ReadPhones(contacts, s, warnings);
        NotKept(s, contacts, warnings);
        // The first number is the main one when it is a plain voice number that fits; one with more to it is kept whole with the rest.
        var main = phones.FirstOrDefault() is { Extension: null, Description: null, Languages: null, Number.Length: <= 40 } first
                   && first.Type is null or "voice" ? first : null;
        var attending = Array(s, "schedules").Select(x => Text(x, "attending_type")?.ToLowerInvariant()).FirstOrDefault(x => x is not null);
        // ORUK has no field for how people get access; a default would tell practitioners something nobody said.
        warnings.Add("The feed does not say how people get access (drop-in, self-referral, referral): left unset for a curator.");
        var details = new ServiceDetails(name ?? "", null, Clip(description, 4000), HttpUrl(url),
            attending is not null && attending.Contains("online") ? AttendingType.Online
                : attending is not null && attending.Contains("phone") ? AttendingType.Phone
                : onlinePlaceholder ? AttendingType.Online
                // "Nationwide": the activity comes to people wherever they are, which is not "online".
                : areaWidePlaceholder ? AttendingType.InPerson
                : locations.Count == 0 && attending is null ? AttendingType.Online : AttendingType.InPerson,
            new Eligibility(Age(s, "minimum_age"), Age(s, "maximum_age"), Clip(Text(s, "eligibility_description"), 1000)),
            ReadCost(s, warnings), new AccessMethods(false, false, false),
            new Contact(contact.ValueKind == JsonValueKind.Object ? Clip(Text(contact, "name"), 200) : null,
                // The service's own email stands when its contact gives none.
                Fitting((contact.ValueKind == JsonValueKind.Object ? Text(contact, "email") : null) ?? Text(s, "email"), 254, "Contact email", warnings),
                main?.Number, [.. phones.Where(p => !ReferenceEquals(p, main))]),
            [.. Array(s, "languages").Select(l => Text(l, "name") ?? (Text(l, "code") is { } c ? OrukMapper.LanguageName(c) ?? c : null)).OfType<string>()],
            terms, schedules, [],
            WelcomedBy: welcomer.ValueKind == JsonValueKind.Object ? Clip(Text(welcomer, "name"), ServiceDetails.MaxWelcomedByLength) : null);
        return new IncomingService(externalId ?? "", name ?? "", organisation, locations, details, Date(Text(s, "assured_date")),
            publisherTerms, warnings, rejections);
    }

    private static readonly string[] PlaceholderWords = ["nationwide", "national", "online", "remote", "virtual", "various", "uk wide", "uk-wide", "countywide"];
    private static readonly string[] OnlineWords = ["online", "virtual", "zoom", "teams", "web"];

    /// <summary>
    /// What a publisher put where a place should be when there is none ("Nationwide", "Online", "online via Zoom",
    /// or nothing but 0,0), or null for a real place. A postcode always makes it a place.
    /// </summary>
    private static string? PlaceholderPlace(string? postcode, double? latitude, double? longitude, params string?[] texts)
    {
        if (postcode is not null) return null;
        var named = texts.Select(t => t?.Trim()).FirstOrDefault(t => t is { Length: > 0 }
            && (PlaceholderWords.Contains(t.ToLowerInvariant()) || t.StartsWith("online", StringComparison.OrdinalIgnoreCase)));
        if (named is not null) return named;
        return latitude is null && longitude is null && texts.All(t => string.IsNullOrWhiteSpace(t)) ? "No address or coordinates" : null;
    }

    private static Schedule? ReadSchedule(JsonElement s)
    {
        var freq = Text(s, "freq")?.ToUpperInvariant();
        var opens = Time(Text(s, "opens_at"));
        var closes = Time(Text(s, "closes_at"));
        var validFrom = Date(Text(s, "valid_from"));
        var validTo = Date(Text(s, "valid_to"));
        var description = Clip(Text(s, "description"), 500);
        var days = new List<DayOfWeek>();
        int? setPosition = null;
        foreach (var part in (Text(s, "byday") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Length < 2 || OrukParameters.ParseDay(part[^2..]) is not { } day) return null;
            days.Add(day);
            if (part.Length > 2 && int.TryParse(part[..^2], out var position)) setPosition = position;
        }
        var monthDay = int.TryParse((Text(s, "bymonthday") ?? "").Split(',')[0], out var md) ? md : (int?)null;
        var firstSession = Date(Text(s, "dtstart"));
        // An interval counts from dtstart; without one (or out of range) it cannot be placed, so it is read as every week or month.
        var interval = Number(s, "interval") is { } n && n >= 1 && n <= Schedule.MaxInterval && firstSession is not null ? (int)n : 1;
        var termTimeOnly = Text(s, "notes")?.Contains("term time only", StringComparison.OrdinalIgnoreCase) == true;
        Schedule Recurring(Schedule schedule)
        {
            var anchored = schedule with { Interval = interval, FirstSession = firstSession, TermTimeOnly = termTimeOnly };
            return anchored.FirstSessionFits() ? anchored : anchored with { Interval = 1, FirstSession = null };
        }
        return freq switch
        {
            "WEEKLY" when days.Count > 0 =>
                Recurring(new Schedule(Frequency.Weekly, days, null, null, null, opens, closes, validFrom, validTo, description)),
            "MONTHLY" when monthDay is not null || (days.Count > 0 && setPosition is not null) =>
                Recurring(new Schedule(Frequency.Monthly, days, monthDay, monthDay is null ? setPosition : null, null, opens, closes, validFrom, validTo, description)),
            null when (Date(Text(s, "dtstart")) ?? validFrom) is { } date =>
                new Schedule(Frequency.Once, [], null, null, date, opens, closes, null, null, description, TermTimeOnly: termTimeOnly),
            _ => null,
        };
    }

    /// <summary>The most a listing may cost (as the listing validator allows), so any amount fits the column.</summary>
    private const double MaxAmount = 100_000;

    private static Cost ReadCost(JsonElement s, List<string> warnings)
    {
        var fees = Text(s, "fees");
        var options = Objects(s, "cost_options").ToList();
        var paid = options.FirstOrDefault(o => Number(o, "amount") is > 0);
        if (paid.ValueKind == JsonValueKind.Object)
        {
            var amount = Number(paid, "amount")!.Value;
            if (amount > MaxAmount) warnings.Add($"Cost amount {paid.GetProperty("amount").GetRawText()} is over {MaxAmount}: dropped.");
            return new Cost(false, amount > MaxAmount ? null : (decimal)amount, Clip(Text(paid, "currency"), 3) ?? "GBP",
                Clip(Text(paid, "option") ?? Text(paid, "amount_description") ?? fees, 500) ?? (amount > MaxAmount ? "Paid" : null));
        }
        if (options.Count > 0) return new Cost(true, null, "GBP", Clip(Text(options[0], "option") ?? fees, 500) ?? "Free");
        return fees is null ? Cost.Free : new Cost(false, null, "GBP", Clip(fees, 500));
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "Also answers an empty sequence when the member is missing.")]
    private static IEnumerable<JsonElement> Array(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : [];

    /// <summary>The array's objects: anything else in it (numbers, strings, nulls) is not a record and is skipped.</summary>
    private static IEnumerable<JsonElement> Objects(JsonElement o, string name) => Array(o, name).Where(e => e.ValueKind == JsonValueKind.Object);

    private static string? Text(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.String => String(v), JsonValueKind.Number => v.GetRawText(), _ => null }
            : null;

    private static string? Id(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.String => String(id), JsonValueKind.Number => id.GetRawText(), _ => null,
    };

    /// <summary>
    /// A string value as stored text: control characters other than tabs and line breaks dropped (PostgreSQL refuses
    /// NUL), and a value with an escaped half character (an unpaired surrogate, which cannot be read) taken as missing.
    /// </summary>
    internal static string? String(JsonElement v)
    {
        string text;
        try { text = v.GetString()!; }
        catch (InvalidOperationException) { return null; }
        if (text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            text = new string([.. text.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r')]);
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private static double? Number(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>A value longer than its column is dropped with a warning (cutting an address or number would falsify it).</summary>
    private static string? Fitting(string? text, int max, string what, List<string> warnings)
    {
        if (text is null || text.Length <= max) return text;
        warnings.Add($"{what} is longer than {max} characters: dropped.");
        return null;
    }

    private static int? Age(JsonElement o, string name) => Number(o, name) is { } n and >= 0 and <= 150 ? (int)Math.Round(n) : null;

    /// <summary>What the feed says that a listing has no place for: told in the report, never dropped silently.</summary>
    private static void NotKept(JsonElement service, List<JsonElement> contacts, List<string> warnings)
    {
        var areas = Objects(service, "service_areas").Select(a => Text(a, "name") ?? Text(a, "description")).OfType<string>().ToList();
        if (areas.Count > 0)
            warnings.Add($"Service areas are not kept (a listing has places, not areas): {string.Join(", ", areas.Take(10).Select(a => $"'{Clip(a, 100)}'"))}.");
        if (contacts.Count > 0 && Text(contacts[0], "title") is { } title)
            warnings.Add($"The contact's job title '{Clip(title, 100)}' is not kept.");
        var mainEmail = contacts.Count > 0 ? Text(contacts[0], "email") : null;
        var otherEmails = contacts.Skip(1).Select(c => Text(c, "email")).OfType<string>()
            .Where(e => !e.Equals(mainEmail ?? Text(service, "email"), StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        if (otherEmails.Count > 0)
            warnings.Add($"{otherEmails.Count} further contact email address(es) not kept: a listing has one contact email.");
    }

    /// <summary>
    /// Every phone of every contact, then the service's own, once each (a feed may repeat a contact's numbers on the
    /// service, as ours does). A further contact's numbers say whom they reach, which the listing's one contact cannot.
    /// </summary>
    private static List<PhoneNumber> ReadPhones(List<JsonElement> contacts, JsonElement service, List<string> warnings)
    {
        var phones = new List<PhoneNumber>();
        for (var i = 0; i < contacts.Count; i++)
        {
            var reaches = i == 0 ? null : string.Join(", ", new[] { Text(contacts[i], "name"), Text(contacts[i], "title") }.OfType<string>());
            foreach (var phone in Objects(contacts[i], "phones")) Add(phone, string.IsNullOrEmpty(reaches) ? null : reaches);
        }
        foreach (var phone in Objects(service, "phones")) Add(phone, null);
        if (phones.Count > PhoneNumber.MaxMorePhones + 1)
        {
            warnings.Add($"{phones.Count} phone numbers: the first {PhoneNumber.MaxMorePhones + 1} kept.");
            phones = [.. phones.Take(PhoneNumber.MaxMorePhones + 1)];
        }
        return phones;

        void Add(JsonElement phone, string? reaches)
        {
            var number = Text(phone, "number")?.Trim();
            if (number is null) return;
            if (number.Length > PhoneNumber.MaxNumberLength || !number.Any(char.IsDigit))
            {
                warnings.Add($"Phone number '{Clip(number, 50)}' is not a phone number we can keep: dropped.");
                return;
            }
            var languages = Objects(phone, "languages")
                .Select(l => Text(l, "name") ?? (Text(l, "code") is { } c ? OrukMapper.LanguageName(c) ?? c : null))
                .OfType<string>().Where(l => l.Length <= 50).Distinct().Take(10).ToList();
            var kept = new PhoneNumber(number, Clip(Text(phone, "extension")?.Trim(), 20), Clip(Text(phone, "type")?.Trim().ToLowerInvariant(), 20),
                Clip(Text(phone, "description") ?? reaches, 500), languages.Count == 0 ? null : languages);
            if (!phones.Any(p => p.Number == kept.Number && p.Extension == kept.Extension)) phones.Add(kept);
        }
    }

    private static string? FirstPhone(JsonElement o) => Array(o, "phones").Select(p => Text(p, "number")).FirstOrDefault(n => n is not null);

    private static string? HttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && url!.Length <= 500 ? url : null;

    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private static TimeOnly? Time(string? text) => text is null ? null : OrukParameters.ParseTime(text.Length > 8 ? text[..8] : text);

    /// <summary>A schedule date; one outside the years a listing may use (<see cref="Schedule.EarliestDate"/>) is taken as missing.</summary>
    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
        && d >= Schedule.EarliestDate && d <= Schedule.LatestDate ? d : null;
}
