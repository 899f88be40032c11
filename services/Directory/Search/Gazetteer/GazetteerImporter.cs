using BuildingBlocks.Web;
using Sylvan.Data.Csv;
using BuildingBlocks.Validation;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Search.Gazetteer;

public sealed record GazetteerImportResult(string Format, int Imported, int Skipped);

/// <summary>
/// Loads a postcode gazetteer CSV into the Postcodes table, replacing rows with the same code. Two layouts:
/// the ONS Postcode Directory (header row; pcds or pcd, lat, long, osward, optional ward_name, doterm: terminated
/// postcodes and rows without a grid reference are skipped) and Ordnance Survey Code-Point Open (no header, or the
/// documented one: Postcode, Positional_quality_indicator, Eastings, Northings, ... Admin_ward_code; eastings and
/// northings converted from OSGB36 to WGS84).
/// </summary>
public sealed class GazetteerImporter(DirectoryDb db)
{
    private const int BatchSize = 2000;

    public async Task<GazetteerImportResult> ImportAsync(Stream csv, CancellationToken cancellationToken)
    {
        try
        {
            return await Import(csv, cancellationToken);
        }
        catch (Exception ex) when (ex is CsvRecordTooLargeException or CsvFormatException)
        {
            // Rows already imported stay; the file is not a gazetteer from here on.
            throw new RuleViolationException("The file is not a readable postcode CSV: a row is far longer than any gazetteer row, or badly quoted.");
        }
    }

    private async Task<GazetteerImportResult> Import(Stream csv, CancellationToken cancellationToken)
    {
        // Headers are looked at by hand: Code-Point Open's files have none, and the first row tells the format.
        await using var rows = await CsvDataReader.CreateAsync(new StreamReader(csv),
            new CsvDataReaderOptions { HasHeaders = false, Delimiter = ',' }, cancellationToken);
        if (!await rows.ReadAsync(cancellationToken)) return new("empty", 0, 0);
        var first = Fields(rows);
        var header = first.Select(h => h.Trim().ToLowerInvariant()).ToList();
        Func<IReadOnlyList<string>, Postcode?> parse;
        string format;
        var pending = new List<string[]>();
        if (header.Contains("lat") && (header.Contains("pcds") || header.Contains("pcd")))
        {
            format = "onspd";
            parse = Onspd(header);
        }
        else
        {
            format = "code-point-open";
            parse = CodePoint;
            if (!header.Contains("eastings")) pending.Add(first); // no header row: the first line is data
        }

        int imported = 0, skipped = 0;
        var batch = new List<Postcode>();
        foreach (var row in pending) Add(row);
        while (await rows.ReadAsync(cancellationToken))
        {
            Add(Fields(rows));
            if (batch.Count >= BatchSize) await Flush();
        }
        await Flush();
        return new(format, imported, skipped);

        void Add(string[] row)
        {
            if (row.All(string.IsNullOrWhiteSpace)) return;
            if (parse(row) is { } postcode) batch.Add(postcode);
            else skipped++;
        }

        async Task Flush()
        {
            if (batch.Count == 0) return;
            var unique = batch.GroupBy(p => p.Code).Select(g => g.Last()).ToList();
            var codes = unique.Select(p => p.Code).ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Postcodes.Where(p => codes.Contains(p.Code)).ExecuteDeleteAsync(cancellationToken);
            db.Postcodes.AddRange(unique);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            imported += unique.Count;
            batch.Clear();
        }
    }

    private static string[] Fields(CsvDataReader row) => Enumerable.Range(0, row.RowFieldCount).Select(row.GetString).ToArray();

    private static Func<IReadOnlyList<string>, Postcode?> Onspd(List<string> header)
    {
        int Column(params string[] names) => names.Select(n => header.IndexOf(n)).FirstOrDefault(i => i >= 0, -1);
        var code = Column("pcds", "pcd");
        var lat = Column("lat");
        var lon = Column("long", "lon");
        var ward = Column("osward");
        var wardName = Column("ward_name", "osward_name", "wardnm");
        var terminated = Column("doterm");
        return fields =>
        {
            string At(int i) => i >= 0 && i < fields.Count ? fields[i].Trim() : "";
            if (At(terminated).Length > 0) return null;
            if (!double.TryParse(At(lat), System.Globalization.CultureInfo.InvariantCulture, out var latitude) ||
                !double.TryParse(At(lon), System.Globalization.CultureInfo.InvariantCulture, out var longitude)) return null;
            // ONSPD marks postcodes with no grid reference as 99.999999 / 0.000000.
            if (latitude > 90 || !IsOnEarth(latitude, longitude) || !IsPostcodeShaped(At(code))) return null;
            return Fitting(At(code), latitude, longitude, NullIfEmpty(At(ward)), NullIfEmpty(At(wardName)));
        };
    }

    private static Postcode? CodePoint(IReadOnlyList<string> fields)
    {
        if (fields.Count < 4) return null;
        if (!double.TryParse(fields[2], System.Globalization.CultureInfo.InvariantCulture, out var easting) ||
            !double.TryParse(fields[3], System.Globalization.CultureInfo.InvariantCulture, out var northing) ||
            (easting == 0 && northing == 0)) return null;
        if (!IsPostcodeShaped(fields[0])) return null;
        var (latitude, longitude) = OsGridConversion.ToWgs84(easting, northing);
        if (!IsOnEarth(latitude, longitude)) return null;
        return Fitting(fields[0], latitude, longitude, fields.Count > 9 ? NullIfEmpty(fields[9].Trim()) : null, null);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>5 to 7 letters and digits, ending in a digit and two letters: a full postcode, which fits the code columns.</summary>
    private static bool IsPostcodeShaped(string text) =>
        Postcode.Normalise(text) is { Length: >= 5 and <= 7 } code && char.IsAsciiDigit(code[^3]) && char.IsAsciiLetter(code[^2]) && char.IsAsciiLetter(code[^1])
        && code.All(char.IsAscii);

    private static bool IsOnEarth(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude) && latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180;

    /// <summary>
    /// A row whose ward does not fit its columns (or carries control characters, which PostgreSQL refuses) is
    /// skipped like any other unreadable row, rather than failing its whole batch on saving.
    /// </summary>
    private static Postcode? Fitting(string code, double latitude, double longitude, string? wardCode, string? wardName) =>
        wardCode is { Length: > 12 } || wardName is { Length: > 100 } || !PlainText.IsPlain(wardCode) || !PlainText.IsPlain(wardName)
            ? null
            : new Postcode(code, latitude, longitude, wardCode, wardName);
}
