using System.Globalization;
using System.Text.RegularExpressions;

namespace DirectoryService.Search;

/// <summary>One thing a query said that became a filter, not text: its kind, the value used, and how it reads ("on Sundays").</summary>
public sealed record Understood(string Kind, string Value, string Text);

/// <summary>
/// What a query was read as: the filters it said in words and the words left to search as text (null when none).
/// <paramref name="Place"/> is a gazetteer place name or a postcode, for the caller to resolve. <paramref name="ReadAs"/>:
/// the rest with who it is for kept ("20 year old who is depressed"), for the semantic path; null when the same as the rest.
/// </summary>
public sealed record QueryMeaning(string? Rest, IReadOnlyList<Understood> Understood, IReadOnlyList<DayOfWeek> Days,
    int? FromMinute, int? ToMinute, bool? Free, string? Place, int? Age, string? ReadAs = null)
{
    public static QueryMeaning AsTyped(string? typed) => new(typed, [], [], null, null, null, null, null);
}

/// <summary>
/// Reads days ("on Sundays", "weekend"), times of day ("evening", "at 10:30", "after 6pm"), cost ("free"), places (a ward or postcode the
/// gazetteer knows) and ages ("over 50s", "young person") out of what practitioners type, so they become the search's
/// own filters instead of words a listing must contain. Each kind can be switched off (the page's "undo"); a query
/// in web-search syntax (quotes, -word) is taken as typed. Pure: the gazetteer's place names are passed in.
/// </summary>
public static partial class QueryUnderstanding
{
    public const string Day = "day", Time = "time", Cost = "cost", Place = "place", Audience = "audience";
    public static readonly IReadOnlyList<string> Kinds = [Day, Time, Cost, Place, Audience];

    /// <summary>Small words that belong to a phrase only when what follows is understood ("on" Sundays, "near" Cosham).</summary>
    private static readonly HashSet<string> Leads = ["on", "in", "at", "near", "around", "every", "for", "this", "the", "during", "a", "an", "by", "of",
        "after", "from", "before", "until", "till"];

    private static readonly Dictionary<string, (DayOfWeek[] Days, string Text)> DayWords = BuildDays();

    private static readonly Dictionary<string, (int From, int To, string Text)> TimeWords = new()
    {
        ["morning"] = (6 * 60, 12 * 60, "in the morning"), ["mornings"] = (6 * 60, 12 * 60, "in the morning"),
        ["afternoon"] = (12 * 60, 17 * 60, "in the afternoon"), ["afternoons"] = (12 * 60, 17 * 60, "in the afternoon"),
        ["lunchtime"] = (11 * 60 + 30, 14 * 60, "at lunchtime"),
        ["evening"] = (17 * 60, 24 * 60, "in the evening"), ["evenings"] = (17 * 60, 24 * 60, "in the evening"),
        ["tonight"] = (17 * 60, 24 * 60, "in the evening"),
    };

    /// <summary>"coffee morning" is a kind of activity, not a time; "gluten free" is not a price.</summary>
    private static readonly HashSet<string> NotATimeAfter = ["coffee", "breakfast", "good"];
    private static readonly HashSet<string> NotACostAfter = ["gluten", "sugar", "alcohol", "smoke", "dairy", "nut", "scent", "stress", "hands", "jargon"];

    private static readonly string[][] FreePhrases = [["free", "of", "charge"], ["no", "cost"], ["costs", "nothing"], ["no", "charge"], ["free"]];

    private static readonly (string[] Words, int Age, string Text)[] AgePhrases =
    [
        (["young", "person"], 16, "for a young person"), (["young", "people"], 16, "for young people"),
        (["teenager"], 15, "for a teenager"), (["teenagers"], 15, "for teenagers"), (["teens"], 15, "for teenagers"),
        (["teenage"], 15, "for a teenager"), (["teen"], 15, "for a teenager"),
        (["child"], 8, "for a child"), (["children"], 8, "for children"), (["kids"], 8, "for children"),
    ];

    /// <summary>Decades said as words, as in "in his seventies".</summary>
    private static readonly Dictionary<string, int> DecadeWords = new()
    {
        ["twenties"] = 20, ["thirties"] = 30, ["forties"] = 40, ["fifties"] = 50, ["sixties"] = 60, ["seventies"] = 70,
        ["eighties"] = 80, ["nineties"] = 90,
    };

    private static readonly HashSet<string> Possessives = ["his", "her", "their", "my", "our", "your"];

    /// <summary>"seventies" or "70s": 70; null for anything else.</summary>
    private static int? DecadeOf(string word) =>
        DecadeWords.TryGetValue(word, out var tens) ? tens
        : word.Length == 3 && word[2] == 's' && word[1] == '0' && word[0] is >= '2' and <= '9' ? (word[0] - '0') * 10 : null;

    [GeneratedRegex("^over$")]
    private static partial Regex Over();

    [GeneratedRegex("^(?:[1-9]|[1-9][0-9]|1[01][0-9])$")]
    private static partial Regex Years();

    [GeneratedRegex("^([1-9][0-9])s?$")]
    private static partial Regex Decade();

    [GeneratedRegex("^[a-z]{1,2}[0-9][a-z0-9]?$")]
    private static partial Regex OutcodeWord();

    [GeneratedRegex("^[0-9][a-z]{2}$")]
    private static partial Regex InwardWord();

    [GeneratedRegex("^[a-z]{1,2}[0-9][a-z0-9]?[0-9][a-z]{2}$")]
    private static partial Regex PostcodeWord();

    /// <param name="placeNames">Lower-case place names the gazetteer knows (wards, areas) -> how to show them.</param>
    /// <param name="off">Kinds to leave as typed text.</param>
    public static QueryMeaning Read(string? typed, IReadOnlyDictionary<string, string> placeNames, IReadOnlySet<string> off)
    {
        if (string.IsNullOrWhiteSpace(typed)) return QueryMeaning.AsTyped(typed);
        var text = TextQuery.Typeable(typed);
        var words = TextQuery.Words(text);
        if (text.Contains('"') || text.Contains(" -") || text.StartsWith('-')) return QueryMeaning.AsTyped(typed);

        var understood = new List<Understood>();
        var rest = new List<string>();
        var readAs = new List<string>();
        var days = new List<DayOfWeek>();
        int? from = null, to = null, age = null;
        bool? free = null;
        string? place = null;
        var keepText = false;
        var longestPlace = placeNames.Keys.Select(k => k.Split(' ').Length).DefaultIfEmpty(0).Max();

        for (var i = 0; i < words.Count;)
        {
            var used = 0;
            // Up to two lead words ("in the", "on") join what follows them when it is understood.
            for (var lead = 0; lead <= 2 && used == 0 && i + lead < words.Count; lead++)
            {
                if (lead > 0 && !Leads.Contains(words[i + lead - 1])) break;
                var at = i + lead;
                var previous = at > 0 ? words[at - 1] : null;
                var length = Match(at, previous);
                if (length > 0) used = lead + length;
                // An audience named in words ("young people") is also what the activity is about: searched as text too.
                // The number of an age is left to the filter: no listing is about "14", and no page should say nothing was found for it.
                if (length > 0 && keepText) rest.AddRange(words.Skip(at).Take(length).Where(w => !w.All(char.IsAsciiDigit)));
                // Who it is for still means something to the semantic path ("a 20 year old": a young adult).
                if (length > 0 && understood[^1].Kind == Audience) readAs.AddRange(words.Skip(i).Take(used));
                keepText = false;
            }
            if (used == 0)
            {
                rest.Add(words[i]);
                readAs.Add(words[i]);
                i++;
            }
            else i += used;
        }

        var restText = rest.Count == 0 ? null : string.Join(' ', rest);
        return new QueryMeaning(restText, understood, days, from, to, free, place, age,
            readAs.Count > rest.Count ? string.Join(' ', readAs) : null);

        // How many words from `at` are understood (0: none); records what they meant.
        int Match(int at, string? previous)
        {
            var word = words[at];
            if (!off.Contains(Day) && DayWords.TryGetValue(word, out var day) && days.Count == 0)
            {
                days.AddRange(day.Days);
                understood.Add(new(Day, string.Join(',', day.Days.Select(d => d.ToString().ToLowerInvariant())), day.Text));
                return 1;
            }
            if (!off.Contains(Time) && TimeWords.TryGetValue(word, out var time) && from is null
                && (previous is null || !NotATimeAfter.Contains(previous)))
            {
                (from, to) = (time.From, time.To);
                understood.Add(new(Time, $"{Clock(time.From)}-{Clock(time.To)}", time.Text));
                return 1;
            }
            if (!off.Contains(Time) && from is null && ClockAt(at) is var (minute, clockWords) && clockWords > 0)
            {
                // "after 6pm": from then on; "before 10am": until then; otherwise what is on at that time ("at 10:30").
                var (start, end, reads) = previous switch
                {
                    "after" or "from" => (minute, 24 * 60, $"after {Clock(minute)}"),
                    "before" or "until" or "till" => (0, minute, $"before {Clock(minute)}"),
                    _ => (minute, minute + 1, $"at {Clock(minute)}"),
                };
                (from, to) = (start, end);
                understood.Add(new(Time, $"{Clock(start)}-{Clock(end)}", reads));
                return clockWords;
            }
            if (!off.Contains(Cost) && free is null && (previous is null || !NotACostAfter.Contains(previous)))
                foreach (var phrase in FreePhrases)
                    if (Starts(at, phrase))
                    {
                        free = true;
                        understood.Add(new(Cost, "free", "Free"));
                        return phrase.Length;
                    }
            if (!off.Contains(Audience) && age is null)
            {
                if (Over().IsMatch(word) && at + 1 < words.Count && Decade().Match(words[at + 1]) is { Success: true } decade)
                {
                    age = int.Parse(decade.Groups[1].Value, CultureInfo.InvariantCulture);
                    understood.Add(new(Audience, $"age:{age}", $"for over {age}s"));
                    return 2;
                }
                // "aged 14", "a 14 year old", "14 years old"
                if (word == "aged" && at + 1 < words.Count && Years().IsMatch(words[at + 1]))
                    return Aged(int.Parse(words[at + 1], CultureInfo.InvariantCulture), 2);
                if (Years().IsMatch(word) && at + 2 < words.Count && words[at + 1] is "year" or "years" or "yr" or "yrs" && words[at + 2] == "old")
                    return Aged(int.Parse(word, CultureInfo.InvariantCulture), 3);
                // "in his seventies", "in her late 80s" (the "in" joins as a lead word)
                if (Possessives.Contains(word))
                {
                    var decadeAt = at + 1 < words.Count && words[at + 1] is "early" or "mid" or "late" ? at + 2 : at + 1;
                    if (decadeAt < words.Count && DecadeOf(words[decadeAt]) is { } tens)
                    {
                        age = tens;
                        understood.Add(new(Audience, $"age:{tens}", $"in their {tens}s"));
                        return decadeAt - at + 1;
                    }
                }
                foreach (var (phrase, years, reads) in AgePhrases)
                    if (Starts(at, phrase))
                    {
                        age = years;
                        keepText = true;
                        understood.Add(new(Audience, $"age:{years}", reads));
                        return phrase.Length;
                    }
            }
            if (!off.Contains(Place) && place is null)
            {
                if (PostcodeWord().IsMatch(word) || OutcodeWord().IsMatch(word) && word.Any(char.IsLetter) && word.Length >= 2)
                {
                    var full = at + 1 < words.Count && OutcodeWord().IsMatch(word) && InwardWord().IsMatch(words[at + 1]);
                    place = (full ? $"{word} {words[at + 1]}" : word).ToUpperInvariant();
                    understood.Add(new(Place, place, $"near {place}"));
                    return full ? 2 : 1;
                }
                for (var length = Math.Min(longestPlace, words.Count - at); length >= 1; length--)
                    if (placeNames.TryGetValue(string.Join(' ', words.Skip(at).Take(length)), out var name))
                    {
                        place = name;
                        understood.Add(new(Place, name, $"near {name}"));
                        return length;
                    }
            }
            return 0;
        }

        int Aged(int years, int length)
        {
            age = years;
            keepText = true;
            understood.Add(new(Audience, $"age:{years}", $"aged {years}"));
            return length;
        }

        // A time of day as typed, split into words at ':' and '.': "10:30", "10.30am", "10am", "6 pm", "3 o'clock",
        // "noon". The minute of the day and how many words it took (0: none). A bare number ("at 10") is not read as a
        // time: it is as often an age or a count. Nor is a time in the night: "awake at 3am feeding the baby" says when
        // the person is struggling, not when an activity should run (the judged natural set lost its answer to this).
        (int Minute, int Words) ClockAt(int at)
        {
            var clock = ClockWords(at);
            return clock.Words > 0 && clock.Minute is >= ActivityHoursFrom and < ActivityHoursTo ? clock : default;
        }

        (int Minute, int Words) ClockWords(int at)
        {
            var word = words[at];
            if (word is "noon" or "midday") return (12 * 60, 1);
            var next = at + 1 < words.Count ? words[at + 1] : null;
            if (HourWithHalf().Match(word) is { Success: true } whole)
                return Minute(whole.Groups[1].Value, null, whole.Groups[2].Value) is { } m ? (m, 1) : default;
            if (!Hour().IsMatch(word) || next is null) return default;
            if (next is "am" or "pm") return Minute(word, null, next) is { } m ? (m, 2) : default;
            if (next == "oclock") return Minute(word, null, null) is { } m ? (m, 2) : default;
            if (MinutesWord().Match(next) is not { Success: true } minutes) return default;
            var half = minutes.Groups[2].Value;
            if (half.Length == 0 && at + 2 < words.Count && words[at + 2] is "am" or "pm")
                return Minute(word, minutes.Groups[1].Value, words[at + 2]) is { } m ? (m, 3) : default;
            return Minute(word, minutes.Groups[1].Value, half.Length > 0 ? half : null) is { } m2 ? (m2, 2) : default;
        }

        bool Starts(int at, string[] phrase) => at + phrase.Length <= words.Count && phrase.Select((w, k) => words[at + k] == w).All(x => x);
    }

    /// <summary>The hours a clock time typed is read as when an activity should run (6am to 11pm).</summary>
    private const int ActivityHoursFrom = 6 * 60, ActivityHoursTo = 23 * 60;

    [GeneratedRegex("^([0-9]{1,2})(am|pm)$")]
    private static partial Regex HourWithHalf();

    [GeneratedRegex("^[0-9]{1,2}$")]
    private static partial Regex Hour();

    [GeneratedRegex("^([0-5][0-9])(am|pm)?$")]
    private static partial Regex MinutesWord();

    /// <summary>The minute of the day an hour, minutes and am/pm say; null when they are not a time (13pm, 25:00).</summary>
    private static int? Minute(string hour, string? minutes, string? half)
    {
        var h = int.Parse(hour, CultureInfo.InvariantCulture);
        var m = minutes is null ? 0 : int.Parse(minutes, CultureInfo.InvariantCulture);
        // Without am or pm, 1 to 7 is the afternoon or evening: "3 o'clock", "6:30" (nobody runs a group at 3 at night).
        if (half is null) return h is >= 1 and <= 7 ? (h + 12) * 60 + m : h <= 23 ? h * 60 + m : null;
        if (h is < 1 or > 12) return null;
        return (h % 12 + (half == "pm" ? 12 : 0)) * 60 + m;
    }

    private static string Clock(int minutes) => minutes >= 24 * 60 ? "23:59" : $"{minutes / 60:00}:{minutes % 60:00}";

    private static Dictionary<string, (DayOfWeek[], string)> BuildDays()
    {
        var map = new Dictionary<string, (DayOfWeek[], string)>();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString().ToLowerInvariant();
            map[name] = ([day], $"on {day}s");
            map[name + "s"] = ([day], $"on {day}s");
        }
        map["weekend"] = map["weekends"] = ([DayOfWeek.Saturday, DayOfWeek.Sunday], "at weekends");
        map["weekday"] = map["weekdays"] = ([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], "on weekdays");
        return map;
    }
}
