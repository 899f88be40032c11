using System.Text;
using System.Text.Json.Nodes;

namespace Security.Tests.Support;

/// <summary>
/// Malformed variations of one good request, from a seeded generator (the same seed gives the same requests):
/// hostile route values, hostile values for every query parameter the endpoint declares, bodies that are not JSON or
/// JSON of the wrong shape, and the good body with one property replaced by the wrong type, a null, a huge number,
/// an impossible date, a megabyte of text, control characters or deep nesting.
/// </summary>
public sealed class Fuzzer(int seed)
{
    private const string Placeholder = "__fuzz_value_placeholder__";
    private readonly Random _random = new(seed);

    public int Seed => seed;

    private static readonly string[] HostileText =
    [
        "", " ", "-1", "0", "2147483647", "2147483648", "-2147483649", "99999999999999999999999", "1e309", "-1e309", "NaN",
        "Infinity", "1.5", "0x1F", "9999-12-31", "0001-01-01", "9999-12-31T23:59:59Z", "2024-02-30", "24:61", "not-a-date",
        "not-a-guid", "00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}", "true", "yes", "null",
        "undefined", "[]", "{}", "' OR '1'='1' --", "'; DROP TABLE referrals; --", "\"unterminated", "lunch OR", "-", "*", "**",
        "NEAR(a b)", "AND AND OR", "a:b", "col:^*", "\\", "%", "_", "%00", "\0", "a\0b", "\u0001\u001f\u007f", "\r\nSet-Cookie: a=b",
        "\u202etxt.exe", "👩‍👩‍👧‍👦🏳️‍🌈", "ǅ ß İ ı ﬁ", "ﷺ", "<script>alert(1)</script>", "../../../../etc/passwd", "${jndi:ldap://x/a}",
        "a,b,c", "\t", "\ufeff", new string('x', 5000), string.Concat(Enumerable.Repeat("🙂", 600)),
    ];

    private static readonly string[] HostileJsonValues =
    [
        "null", "\"\"", "\" \"", "0", "-1", "2147483648", "-2147483649", "9223372036854775808", "1e308", "-1e308", "1e-400", "1.5",
        "99999999999999999999999999999999999999", "-0", "true", "false", "[]", "{}", "[null]", "[null,null]", "{\"a\":null}",
        "[[[]]]", "[{}]", "\"9999-12-31\"", "\"0001-01-01\"", "\"9999-12-31T23:59:59.9999999+14:00\"", "\"0001-01-01T00:00:00-14:00\"",
        "\"2024-02-30\"", "\"24:61\"", "\"not-a-guid\"", "\"00000000-0000-0000-0000-000000000000\"", "\"42\"", "\"NaN\"",
        "\"Infinity\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\u0001\\u001f\\u007f\"", "\"\\ud800\"", "\"\\udfff\\ud800\"",
        "\"\\u202etxt.exe\"", "\"👩‍👩‍👧‍👦🏳️‍🌈 ǅ ß İ\"", "\"' OR '1'='1' --\"", "\"<script>alert(1)</script>\"",
        "\"../../../../etc/passwd\"", "\"\\r\\nSet-Cookie: a=b\"", "\"lunch \\\"unterminated OR - * NEAR(\"", "\"in-person\"",
        "\"IN-PERSON\"", "\"In_Person\"", "\"2147483647\"", "[\"a\",null,1,{}]",
    ];

    private static readonly string[] HostileRoots =
    [
        "", " ", "{", "}", "[", "]", "{\"", "null", "[]", "[{}]", "0", "-1", "\"text\"", "true", "{\"a\":}", "{'a':1}", "{\"a\":1,}",
        "{\"a\":1}{\"b\":2}", "{} trailing", "\ufeff{}", "{\"__proto__\":{\"admin\":true}}", "{\"a\":\"\\x\"}", "{\"a\":01}",
        "{\"a\":+1}", "{\"a\":.5}", "{\"a\":Infinity}", "{\"a\":NaN}", "{/*c*/}", "<xml/>", "a=b&c=d",
    ];

    private static readonly string[] WrongMediaTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=utf-16", "application/octet-stream",
    ];

    /// <summary>Values every declared query parameter gets, whatever the seed: the edges where binding and paging break.</summary>
    private static readonly string[] EdgeQueryValues =
        ["", "2147483647", "-2147483648", "9999-12-31", "0001-01-01", "\0", "' OR '1'='1' --", new string('x', 5000)];

    private static readonly string[] EdgeRouteValues = ["not-a-guid", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"];

    private static readonly string[] EdgeRoots = ["{", "null", "[]", "\"text\""];

    /// <summary>
    /// The good request; then each declared query parameter at each edge value, each route value replaced by an edge
    /// value (an unknown id among them), a few bodies that are not an object; then <paramref name="count"/> - 1 random
    /// malformations.
    /// </summary>
    public IEnumerable<(string Kind, Request Request)> Requests(ApiEndpoint endpoint, Request good, int count)
    {
        yield return ("good", good);
        foreach (var name in endpoint.In(ParameterSource.Query).Select(p => p.Name))
            foreach (var value in EdgeQueryValues)
                yield return ("query-edge", WithQuery(good, $"{name}={Uri.EscapeDataString(value)}"));
        foreach (var index in RouteValueIndexes(endpoint, good))
            foreach (var value in EdgeRouteValues)
                yield return ("route-edge", WithSegment(good, index, value));
        var hasBody = endpoint.Method is "POST" or "PUT" or "PATCH" or "DELETE";
        var kinds = new List<(string Kind, int Weight)>();
        if (endpoint.In(ParameterSource.Route).Any()) kinds.Add(("route", 15));
        kinds.Add(("query", endpoint.In(ParameterSource.Query).Any() ? 30 : 6));
        if (hasBody)
        {
            foreach (var root in EdgeRoots)
                yield return ("body-edge", good with { Json = null, Raw = Encoding.UTF8.GetBytes(root), MediaType = "application/json" });
            kinds.Add(("body-root", 15));
            kinds.Add(("media-type", 4));
            if (good.Json is JsonObject or JsonArray) kinds.Add(("body-property", 45));
            if (good.Json is JsonObject) kinds.Add(("body-shape", 8));
        }
        var total = kinds.Sum(k => k.Weight);
        for (var i = 1; i < count; i++)
        {
            var pick = _random.Next(total);
            var kind = kinds.First(k => (pick -= k.Weight) < 0).Kind;
            yield return (kind, kind switch
            {
                "route" => WithRouteValue(endpoint, good),
                "query" => WithQueryValue(endpoint, good),
                "body-root" => good with { Json = null, Raw = RootBody(), MediaType = "application/json" },
                "media-type" => good with { MediaType = Pick(WrongMediaTypes) },
                "body-property" => good with { Json = null, Raw = Encoding.UTF8.GetBytes(WithPropertyValue(good.Json!)), MediaType = "application/json" },
                _ => good with { Json = null, Raw = Encoding.UTF8.GetBytes(WithShapeChange((JsonObject)good.Json!)), MediaType = "application/json" },
            });
        }
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private Request WithRouteValue(ApiEndpoint endpoint, Request good)
    {
        var indexes = RouteValueIndexes(endpoint, good);
        if (indexes.Count == 0) return good;
        // No NUL in a path: the host's URL decoder refuses it (Kestrel answers 400) before any of our code runs.
        var value = _random.Next(4) == 0 ? Guid.NewGuid().ToString() : Pick(HostileText).Replace("\0", "");
        return WithSegment(good, Pick(indexes), value.Length == 0 ? " " : value);
    }

    /// <summary>Where the route values sit among the good path's segments (the templates have no optional parts).</summary>
    private static List<int> RouteValueIndexes(ApiEndpoint endpoint, Request good)
    {
        var template = endpoint.Route.Split('/');
        if (Split(good.Path).Path.Split('/').Length != template.Length) return [];
        return Enumerable.Range(0, template.Length).Where(i => template[i].StartsWith('{')).ToList();
    }

    private static Request WithSegment(Request good, int index, string value)
    {
        var (path, query) = Split(good.Path);
        var segments = path.Split('/');
        segments[index] = Uri.EscapeDataString(value);
        return good with { Path = string.Join('/', segments) + query };
    }

    private Request WithQueryValue(ApiEndpoint endpoint, Request good)
    {
        var names = endpoint.In(ParameterSource.Query).Select(p => p.Name).ToList();
        var name = names.Count > 0 && _random.Next(10) > 0 ? Pick(names) : Pick(new[] { "unknown", "$filter", "page", "q[]", "__proto__" });
        var value = Uri.EscapeDataString(Pick(HostileText));
        return WithQuery(good, _random.Next(6) == 0 ? $"{name}={value}&{name}={Uri.EscapeDataString(Pick(HostileText))}" : $"{name}={value}");
    }

    /// <summary>The good request with these name=value pairs in its query, in place of any the good one had of the same name.</summary>
    private static Request WithQuery(Request good, string pairs)
    {
        var (path, query) = Split(good.Path);
        var names = pairs.Split('&').Select(p => p[..p.IndexOf('=')]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kept = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !names.Contains(p.Split('=')[0]));
        return good with { Path = $"{path}?{string.Join('&', kept.Append(pairs))}" };
    }

    private byte[] RootBody() => _random.Next(12) switch
    {
        0 => Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)),
        1 => Encoding.UTF8.GetBytes($"\"{new string('a', 1 << 20)}\""),
        2 => [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0xC3, 0x28, 0x00, 0x22, 0x7D],
        3 => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)),
        _ => Encoding.UTF8.GetBytes(Pick(HostileRoots)),
    };

    /// <summary>The good body with one property (at any depth) or array item replaced by a hostile value.</summary>
    private string WithPropertyValue(JsonNode good)
    {
        var copy = good.DeepClone();
        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(copy, slots, depth: 0);
        if (slots.Count == 0) return Pick(HostileRoots);
        var (parent, key) = Pick(slots);
        if (parent is JsonObject o) o[(string)key] = Placeholder;
        else ((JsonArray)parent)[(int)key] = Placeholder;
        return copy.ToJsonString().Replace($"\"{Placeholder}\"", HostileValue());
    }

    private string HostileValue() => _random.Next(20) switch
    {
        0 => $"\"{new string('x', 1 << 20)}\"",
        1 => new string('[', 300) + new string(']', 300),
        2 => "[" + string.Join(',', Enumerable.Repeat("null", 10_000)) + "]",
        3 => $"\"{string.Concat(Enumerable.Repeat("💥\\u0000", 2000))}\"",
        _ => Pick(HostileJsonValues),
    };

    /// <summary>The good body with a property missing, duplicated with another type, or an unknown one added.</summary>
    private string WithShapeChange(JsonObject good)
    {
        var copy = (JsonObject)good.DeepClone();
        var keys = copy.Select(p => p.Key).ToList();
        switch (_random.Next(3))
        {
            case 0 when keys.Count > 0:
                copy.Remove(Pick(keys));
                return copy.ToJsonString();
            case 1 when keys.Count > 0:
                var text = copy.ToJsonString();
                return "{" + $"\"{Pick(keys)}\":{Pick(HostileJsonValues)}," + text[1..];
            default:
                var text2 = copy.ToJsonString();
                return "{" + $"\"unexpected{_random.Next(1000)}\":{Pick(HostileJsonValues)}" + (keys.Count > 0 ? "," : "") + text2[1..];
        }
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> slots, int depth)
    {
        if (depth > 4) return;
        if (node is JsonObject o)
            foreach (var (key, value) in o.ToList())
            {
                slots.Add((o, key));
                if (value is not null) Collect(value, slots, depth + 1);
            }
        else if (node is JsonArray a)
            for (var i = 0; i < a.Count; i++)
            {
                slots.Add((a, i));
                if (a[i] is { } item) Collect(item, slots, depth + 1);
            }
    }

    private static (string Path, string Query) Split(string path) =>
        path.IndexOf('?') is var q and >= 0 ? (path[..q], path[q..]) : (path, "");
}
