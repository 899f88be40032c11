using System.Globalization;
using System.Text.Json;
using DirectoryService.Domain;

namespace DirectoryService.Features.OpenReferral;

/// <summary>One incoming ORUK service read into our terms, or the reasons it cannot be imported.</summary>
public sealed record IncomingService(
    string ExternalId, string Name, IncomingOrganisation Organisation, IReadOnlyList<IncomingLocation> Locations,
    ServiceDetails Details, IReadOnlyList<string> Warnings, IReadOnlyList<string> Rejections);

public sealed record IncomingOrganisation(string ExternalId, string Name, string? Description, string? Email, string? Website, string? Phone);

public sealed record IncomingLocation(string ExternalId, string Name, string? Address1, string? City, string? Postcode,
    double? Latitude, double? Longitude, IReadOnlyList<string> Accessibility);

/// <summary>
/// Reads an ORUK 3.0 service object leniently: what is missing is left empty, what cannot be understood is dropped
/// with a warning, and only what would make a misleading listing (no id, no name, no organisation, an address that
/// cannot be placed) rejects the record.
/// </summary>
public static class OrukServiceReader
{
    /// <summary>The longest external id the import can remember (the imported-records key).</summary>
    public const int MaxIdLength = 200;

    public static IncomingService Read(JsonElement s, IReadOnlyDictionary<string, string> termCodes)
    {
        var warnings = new List<string>();
        var rejections = new List<string>();
        var externalId = s.ValueKind == JsonValueKind.Object && s.TryGetProperty("id", out var id) ? Id(id) : null;
        if (string.IsNullOrWhiteSpace(externalId)) rejections.Add("Missing id.");
        else if (externalId.Length > MaxIdLength) rejections.Add($"Id is longer than {MaxIdLength} characters.");
        var name = Text(s, "name")?.Trim();
        if (string.IsNullOrWhiteSpace(name)) rejections.Add("Missing name.");
        else if (name.Length > 200) rejections.Add("Name is longer than 200 characters.");

        IncomingOrganisation? organisation = null;
        if (s.ValueKind == JsonValueKind.Object && s.TryGetProperty("organization", out var org) && org.ValueKind == JsonValueKind.Object
            && Text(org, "name")?.Trim() is { Length: > 0 } orgName)
        {
            organisation = new(Text(org, "id") ?? Text(s, "organization_id") ?? orgName, orgName, Clip(Text(org, "description"), 4000),
                Fitting(Text(org, "email"), 254, "Organization email", warnings), HttpUrl(Text(org, "website")),
                Fitting(FirstPhone(org), 40, "Organization phone", warnings));
            if (orgName.Length > 200) rejections.Add("Organization name is longer than 200 characters.");
            if (organisation.ExternalId.Length > MaxIdLength) rejections.Add($"Organization id is longer than {MaxIdLength} characters.");
        }
        else rejections.Add("Missing organization (with a name).");

        var locations = new List<IncomingLocation>();
        foreach (var link in Objects(s, "service_at_locations"))
        {
            if (!link.TryGetProperty("location", out var location) || location.ValueKind != JsonValueKind.Object) continue;
            var address = Array(location, "addresses").FirstOrDefault();
            var postcode = address.ValueKind == JsonValueKind.Object ? Text(address, "postal_code")?.Trim() : null;
            var locationName = Text(location, "name") ?? Text(address, "address_1") ?? "Location";
            if (postcode is not null && !OrukRules.UkPostcode().IsMatch(postcode))
                rejections.Add($"Invalid postcode '{postcode}' at location '{locationName}'.");
            var latitude = Number(location, "latitude");
            var longitude = Number(location, "longitude");
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
        foreach (var attribute in Objects(s, "attributes"))
        {
            if (!attribute.TryGetProperty("taxonomy_term", out var term) || term.ValueKind != JsonValueKind.Object) continue;
            var code = new[] { Text(term, "id"), Text(term, "term"), Text(term, "name") }
                .Where(k => k is not null).Select(k => termCodes.GetValueOrDefault(k!.ToLowerInvariant())).FirstOrDefault(c => c is not null);
            if (code is null) warnings.Add($"Unknown taxonomy term '{Text(term, "name") ?? Text(term, "id")}': mapped to none.");
            else terms.Add(code);
        }

        var schedules = new List<Schedule>();
        foreach (var schedule in Array(s, "schedules"))
            if (ReadSchedule(schedule) is { } parsed) schedules.Add(parsed);
            else warnings.Add($"Schedule '{Text(schedule, "description") ?? Text(schedule, "id")}' could not be read: dropped.");

        var url = Text(s, "url");
        if (url is not null && HttpUrl(url) is null) warnings.Add($"Url '{url}' is not an http(s) URL: dropped.");
        var description = Text(s, "description");
        if (description is { Length: > 4000 }) warnings.Add("Description cut to 4000 characters.");
        var contact = Objects(s, "contacts").FirstOrDefault();
        var phone = contact.ValueKind == JsonValueKind.Object ? FirstPhone(contact) : null;
        phone ??= FirstPhone(s);
        var attending = Array(s, "schedules").Select(x => Text(x, "attending_type")?.ToLowerInvariant()).FirstOrDefault(x => x is not null);
        var details = new ServiceDetails(name ?? "", null, Clip(description, 4000), HttpUrl(url),
            attending is not null && attending.Contains("online") ? AttendingType.Online
                : attending is not null && attending.Contains("phone") ? AttendingType.Phone
                : locations.Count == 0 && attending is null ? AttendingType.Online : AttendingType.InPerson,
            new Eligibility(Age(s, "minimum_age"), Age(s, "maximum_age"), Clip(Text(s, "eligibility_description"), 1000)),
            ReadCost(s, warnings), new AccessMethods(false, false, true),
            new Contact(contact.ValueKind == JsonValueKind.Object ? Clip(Text(contact, "name"), 200) : null,
                Fitting(contact.ValueKind == JsonValueKind.Object ? Text(contact, "email") : Text(s, "email"), 254, "Contact email", warnings),
                Clip(phone, 40)),
            [.. Array(s, "languages").Select(l => Text(l, "name") ?? (Text(l, "code") is { } c ? OrukMapper.LanguageName(c) ?? c : null)).OfType<string>()],
            terms, schedules, []);
        return new IncomingService(externalId ?? "", name ?? "", organisation!, locations, details, warnings, rejections);
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
        return freq switch
        {
            "WEEKLY" when days.Count > 0 => new Schedule(Frequency.Weekly, days, null, null, null, opens, closes, validFrom, validTo, description),
            "MONTHLY" when monthDay is not null || (days.Count > 0 && setPosition is not null) =>
                new Schedule(Frequency.Monthly, days, monthDay, monthDay is null ? setPosition : null, null, opens, closes, validFrom, validTo, description),
            null when (Date(Text(s, "dtstart")) ?? validFrom) is { } date =>
                new Schedule(Frequency.Once, [], null, null, date, opens, closes, null, null, description),
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
    private static string? String(JsonElement v)
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

    private static string? FirstPhone(JsonElement o) => Array(o, "phones").Select(p => Text(p, "number")).FirstOrDefault(n => n is not null);

    private static string? HttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && url!.Length <= 500 ? url : null;

    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private static TimeOnly? Time(string? text) => text is null ? null : OrukParameters.ParseTime(text.Length > 8 ? text[..8] : text);

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
