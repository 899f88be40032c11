using System.Globalization;
using BuildingBlocks.Messaging;
using BuildingBlocks.Validation;
using Contracts.Insights;
using FeedbackService.Data;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Insights;

// Isolation risk against supply: a curator's CSV of ward indicators (public statistics about places, not people),
// the gazetteer's ward centres from the Directory (WardCentres events), and from them the cold spots (high risk, low
// supply, demand) and a hexagon map of the wards laid out by their centres (no boundary files).

/// <summary>A ward's indicators as the curator uploaded them (the whole set is replaced on each upload).</summary>
public sealed class InsightWardIndicator
{
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public int Population { get; private set; }
    public double RiskIndex { get; private set; }
    public int? LivingAlone75 { get; private set; }
    public string? Figures { get; private set; }
    public DateTimeOffset UploadedAt { get; private set; }

    private InsightWardIndicator() { }

    public InsightWardIndicator(WardIndicatorRow row, DateTimeOffset at) =>
        (Code, Name, Population, RiskIndex, LivingAlone75, Figures, UploadedAt) = (row.Code, row.Name, row.Population, row.RiskIndex, row.LivingAlone75, row.Figures, at);
}

/// <summary>A gazetteer ward's centre (from the Directory's WardCentres).</summary>
public sealed class InsightWardCentre
{
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public double Latitude { get; private set; }
    public double Longitude { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private InsightWardCentre() { }

    public InsightWardCentre(string code) => Code = code;

    public void Apply(WardCentre centre, DateTimeOffset at)
    {
        if (at < UpdatedAt) return;
        (Name, Latitude, Longitude, UpdatedAt) = (centre.Name, centre.Latitude, centre.Longitude, at);
    }
}

public sealed class InsightWardCentresConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<WardCentres, FeedbackDb>(db, clock)
{
    protected override async Task Handle(WardCentres m, CancellationToken ct)
    {
        var held = await Db.Set<InsightWardCentre>().ToDictionaryAsync(c => c.Code, ct);
        foreach (var ward in m.Wards.Where(w => w.Code.Length is > 0 and <= 20 && w.Name.Length is > 0 and <= 100).DistinctBy(w => w.Code))
        {
            if (!held.TryGetValue(ward.Code, out var centre)) held[ward.Code] = centre = Db.Add(new InsightWardCentre(ward.Code)).Entity;
            centre.Apply(ward, m.OccurredAt);
        }
    }
}

public sealed record WardIndicatorRow(int Line, string Code, string Name, int Population, double RiskIndex, int? LivingAlone75, string? Figures);

/// <summary>
/// Reads a ward indicators CSV (a header row, then one ward a row): ward code, ward name, population, a risk index
/// (any, such as a social isolation index: higher is riskier) and people aged 75+ living alone (may be blank); an
/// optional "figures" column says where they come from. Every problem is reported against its line and column, and no
/// text a person can make throws.
/// </summary>
public static class WardIndicatorCsv
{
    public const int MaxRows = 2000, MaxChars = 1_000_000;

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["wardcode"] = "code", ["code"] = "code", ["wdcode"] = "code", ["ward"] = "code",
        ["wardname"] = "name", ["name"] = "name",
        ["population"] = "population", ["residents"] = "population",
        ["riskindex"] = "risk", ["risk"] = "risk", ["isolationindex"] = "risk", ["socialisolationindex"] = "risk", ["isolationrisk"] = "risk",
        ["aged75livingalone"] = "alone", ["peopleaged75livingalone"] = "alone", ["over75livingalone"] = "alone", ["75livingalone"] = "alone", ["livingalone75"] = "alone",
        ["figures"] = "figures", ["source"] = "figures", ["note"] = "figures",
    };

    public static (List<WardIndicatorRow> Rows, List<ValidationFailure> Errors) Parse(string? text)
    {
        var rows = new List<WardIndicatorRow>();
        var errors = new List<ValidationFailure>();
        if (string.IsNullOrWhiteSpace(text)) return (rows, [new("csv", "The file is empty: it needs a header row and a row for each ward.")]);
        if (text.Length > MaxChars) return (rows, [new("csv", $"The file is over {MaxChars:N0} characters.")]);
        var lines = Records(text.TrimStart('\uFEFF'));
        if (lines.Count > MaxRows + 1) return (rows, [new("csv", $"At most {MaxRows:N0} wards at once; the file has {lines.Count - 1:N0} rows.")]);
        var header = lines[0].Fields.Select(h => new string([.. h.ToLowerInvariant().Where(char.IsLetterOrDigit)])).ToList();
        var at = new Dictionary<string, int>();
        for (var i = 0; i < header.Count; i++)
            if (Headers.TryGetValue(header[i], out var key)) at.TryAdd(key, i);
        var missing = new[] { ("code", "ward code"), ("name", "ward name"), ("population", "population"), ("risk", "risk index"), ("alone", "people aged 75+ living alone") }
            .Where(c => !at.ContainsKey(c.Item1)).Select(c => c.Item2).ToList();
        if (missing.Count > 0)
            return (rows, [new("csv", $"The header row needs a column for: {string.Join(", ", missing)}. It has: {string.Join(", ", lines[0].Fields.Select(f => $"\"{Clip(f)}\""))}.")]);
        if (lines.Count == 1) return (rows, [new("csv", "The file has a header row but no wards.")]);

        var validator = new RowValidator();
        foreach (var (line, fields) in lines.Skip(1))
        {
            if (fields.All(string.IsNullOrWhiteSpace)) continue; // a blank line
            string Field(string key) => at[key] < fields.Count ? fields[at[key]].Trim() : "";
            var raw = new RawRow(Field("code"), Field("name"), Field("population"), Field("risk"), Field("alone"), at.ContainsKey("figures") ? Field("figures") : "");
            var result = validator.Validate(raw);
            if (!result.IsValid)
            {
                errors.AddRange(result.Errors.Select(e => new ValidationFailure($"rows[{line}].{e.PropertyName}", $"Line {line}: {e.ErrorMessage}")));
                continue;
            }
            rows.Add(new WardIndicatorRow(line, raw.Code, raw.Name, int.Parse(raw.Population, NumberStyles.AllowThousands, CultureInfo.InvariantCulture),
                double.Parse(raw.RiskIndex, NumberStyles.Float, CultureInfo.InvariantCulture),
                raw.LivingAlone75.Length == 0 ? null : int.Parse(raw.LivingAlone75, NumberStyles.AllowThousands, CultureInfo.InvariantCulture),
                raw.Figures.Length == 0 ? null : raw.Figures));
        }
        foreach (var duplicate in rows.GroupBy(r => r.Code, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            foreach (var row in duplicate.Skip(1))
                errors.Add(new($"rows[{row.Line}].wardCode", $"Line {row.Line}: ward code {row.Code} is also on line {duplicate.First().Line}."));
        foreach (var row in rows.Where(r => r.LivingAlone75 > r.Population))
            errors.Add(new($"rows[{row.Line}].livingAlone75", $"Line {row.Line}: more people aged 75+ living alone than the population."));
        return (rows, errors);
    }

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private sealed record RawRow(string Code, string Name, string Population, string RiskIndex, string LivingAlone75, string Figures);

    private sealed class RowValidator : AbstractValidator<RawRow>
    {
        public RowValidator()
        {
            RuleFor(r => r.Code).NotEmpty().OverridePropertyName("wardCode").WithMessage("the ward code is missing.")
                .Matches("^[A-Za-z0-9]{1,20}$").OverridePropertyName("wardCode").WithMessage("the ward code must be letters and digits (at most 20), such as E05002451.");
            RuleFor(r => r.Name).NotEmpty().OverridePropertyName("wardName").WithMessage("the ward name is missing.")
                .MaximumLength(100).OverridePropertyName("wardName").WithMessage("the ward name is over 100 characters.");
            RuleFor(r => (string?)r.Name).MustBePlainText().OverridePropertyName("wardName");
            RuleFor(r => r.Population).Must(p => Whole(p) is > 0 and <= 10_000_000).OverridePropertyName("population")
                .WithMessage(r => $"population must be a whole number of residents above 0, not \"{Clip(r.Population)}\".");
            RuleFor(r => r.RiskIndex).Must(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && Math.Abs(d) < 1e9)
                .OverridePropertyName("riskIndex").WithMessage(r => $"the risk index must be a number (such as 0.42 or 63.5), not \"{Clip(r.RiskIndex)}\".");
            RuleFor(r => r.LivingAlone75).Must(v => v.Length == 0 || Whole(v) is >= 0).OverridePropertyName("livingAlone75")
                .WithMessage(r => $"people aged 75+ living alone must be a whole number (or blank), not \"{Clip(r.LivingAlone75)}\".");
            RuleFor(r => r.Figures).MaximumLength(200).OverridePropertyName("figures");
        }

        private static int? Whole(string text) =>
            int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>RFC 4180 records (quoted fields may hold commas, quotes and line breaks), each with its first line number.</summary>
    private static List<(int Line, List<string> Fields)> Records(string text)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var (line, start, quoted) = (1, 1, false);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: quoted = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    records.Add((start, fields));
                    fields = [];
                    start = ++line;
                    break;
                default: field.Append(c); break;
            }
        }
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); records.Add((start, fields)); }
        return records;
    }
}

/// <summary>
/// POST /api/feedback/insights/ward-indicators (curators): <c>{ "csv": "ward code,ward name,population,..." }</c>
/// replaces every ward's indicators; a file with any bad row changes nothing and is answered 400 with each row's
/// problems (<c>errors["rows[3].population"]</c>, 3 being the line in the file).
/// </summary>
public static class UploadWardIndicators
{
    public sealed record Command(string? Csv) : ICommand<Result>;

    public sealed record Result(int Wards);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c).Custom((command, context) =>
        {
            foreach (var error in WardIndicatorCsv.Parse(command.Csv).Errors) context.AddFailure(error);
        });
    }

    internal sealed class Handler(FeedbackDb db, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken ct)
        {
            var (rows, _) = WardIndicatorCsv.Parse(command.Csv);
            var now = clock.GetUtcNow();
            db.RemoveRange(await db.Set<InsightWardIndicator>().ToListAsync(ct));
            await db.SaveChangesAsync(ct);
            db.AddRange(rows.Select(r => new InsightWardIndicator(r, now)));
            await db.SaveChangesAsync(ct);
            return new Result(rows.Count);
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(command, ct));
}

internal sealed class InsightWardConfiguration : IEntityTypeConfiguration<InsightWardIndicator>, IEntityTypeConfiguration<InsightWardCentre>
{
    public void Configure(EntityTypeBuilder<InsightWardIndicator> ward)
    {
        ward.ToTable("insight_ward_indicators");
        ward.HasKey(w => w.Code);
        ward.Property(w => w.Code).HasMaxLength(20);
        ward.Property(w => w.Name).HasMaxLength(100);
        ward.Property(w => w.Figures).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<InsightWardCentre> centre)
    {
        centre.ToTable("insight_ward_centres");
        centre.HasKey(c => c.Code);
        centre.Property(c => c.Code).HasMaxLength(20);
        centre.Property(c => c.Name).HasMaxLength(100);
    }
}
