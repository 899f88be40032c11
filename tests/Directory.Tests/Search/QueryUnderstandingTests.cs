using DirectoryService.Search;

namespace Directory.Tests.Search;

public sealed class QueryUnderstandingTests
{
    private static readonly Dictionary<string, string> Places = new()
    {
        ["cosham"] = "Cosham", ["drayton and farlington"] = "Drayton and Farlington", ["drayton"] = "Drayton and Farlington",
    };

    private static QueryMeaning Read(string typed, params string[] off) => QueryUnderstanding.Read(typed, Places, off.ToHashSet());

    [Fact]
    public void Days_times_cost_and_a_place_become_filters_and_the_rest_is_searched_as_text()
    {
        var meaning = Read("free yoga on Sundays in the evening near Cosham");

        Assert.Equal("yoga", meaning.Rest);
        Assert.Equal([DayOfWeek.Sunday], meaning.Days);
        Assert.Equal((17 * 60, 24 * 60), (meaning.FromMinute, meaning.ToMinute));
        Assert.True(meaning.Free);
        Assert.Equal("Cosham", meaning.Place);
        Assert.Equal(["Free", "on Sundays", "in the evening", "near Cosham"], meaning.Understood.Select(u => u.Text));
        Assert.Equal(["cost", "day", "time", "place"], meaning.Understood.Select(u => u.Kind));
    }

    [Theory]
    [InlineData("walks at the weekend", "walks", new[] { DayOfWeek.Saturday, DayOfWeek.Sunday })]
    [InlineData("weekday lunch club", "lunch club", new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })]
    [InlineData("Friday knitting", "knitting", new[] { DayOfWeek.Friday })]
    public void Day_words_and_weekends_become_days(string typed, string rest, DayOfWeek[] days)
    {
        var meaning = Read(typed);

        Assert.Equal(rest, meaning.Rest);
        Assert.Equal(days, meaning.Days);
    }

    [Theory]
    [InlineData("on monday at 10:00", 10 * 60, 10 * 60 + 1, "at 10:00")]
    [InlineData("monday 10am", 10 * 60, 10 * 60 + 1, "at 10:00")]
    [InlineData("coffee morning at 10.30am", 10 * 60 + 30, 10 * 60 + 31, "at 10:30")]
    [InlineData("quiz at 7:30 pm", 19 * 60 + 30, 19 * 60 + 31, "at 19:30")]
    [InlineData("lunch at noon", 12 * 60, 12 * 60 + 1, "at 12:00")]
    [InlineData("bingo at 3 o'clock", 15 * 60, 15 * 60 + 1, "at 15:00")]
    [InlineData("choir at 6:30", 18 * 60 + 30, 18 * 60 + 31, "at 18:30")]
    [InlineData("walk at 8:00", 8 * 60, 8 * 60 + 1, "at 08:00")]
    [InlineData("choir after 6pm", 18 * 60, 24 * 60, "after 18:00")]
    [InlineData("swim before 9 am", 0, 9 * 60, "before 09:00")]
    public void Clock_times_become_the_time_filter(string typed, int from, int to, string reads)
    {
        var meaning = Read(typed);

        Assert.Equal((from, to), (meaning.FromMinute, meaning.ToMinute));
        Assert.Equal(reads, meaning.Understood.Single(u => u.Kind == "time").Text);
        Assert.DoesNotContain(meaning.Rest?.Split(' ') ?? [], w => w.Any(char.IsAsciiDigit) || w is "am" or "pm" or "noon" or "oclock");
    }

    [Theory]
    [InlineData("bingo at 13pm")]
    [InlineData("quiz at 25:00")]
    [InlineData("judo for my 10 year old")]
    [InlineData("room 10")]
    [InlineData("awake at 3am feeding the baby")]
    [InlineData("yoga at 12am")]
    public void Numbers_that_are_not_a_time_of_day_are_not_read_as_one(string typed)
    {
        Assert.DoesNotContain(Read(typed).Understood, u => u.Kind == "time");
    }

    [Theory]
    [InlineData("coffee morning", "coffee morning")]
    [InlineData("gluten free baking", "gluten free baking")]
    public void Activity_names_that_contain_a_time_or_free_stay_text(string typed, string rest)
    {
        var meaning = Read(typed);

        Assert.Equal(rest, meaning.Rest);
        Assert.Empty(meaning.Understood);
    }

    [Theory]
    [InlineData("walking for over 50s", "walking", 50)]
    [InlineData("art for a young person", "art young person", 16)]
    [InlineData("young people", "young people", 16)]
    [InlineData("worried about a 14 year old", "worried about year old", 14)]
    [InlineData("teenage girl being bullied", "teenage girl being bullied", 15)]
    [InlineData("a lad aged 17", "a lad aged", 17)]
    public void Ages_become_the_age_filter(string typed, string rest, int age)
    {
        var meaning = Read(typed);

        Assert.Equal(rest, meaning.Rest);
        Assert.Equal(age, meaning.Age);
        Assert.Equal("audience", Assert.Single(meaning.Understood).Kind);
    }

    [Fact]
    public void The_number_of_an_age_is_left_to_the_filter_and_still_read_by_the_model()
    {
        // No listing is about "10": searched as text it was said back as unmatched ("nothing for judo 10").
        var meaning = Read("judo for my 10 year old");

        Assert.Equal("judo for my year old", meaning.Rest);
        Assert.Equal(10, meaning.Age);
        Assert.Equal("judo for my 10 year old", meaning.ReadAs);
    }

    [Theory]
    [InlineData("gay man in his seventies who feels lonely", "gay man who feels lonely", 70)]
    [InlineData("widow in her late 80s", "widow", 80)]
    public void A_decade_becomes_the_age_filter_and_still_means_something_to_the_model(string typed, string rest, int age)
    {
        var meaning = Read(typed);

        Assert.Equal(rest, meaning.Rest);
        Assert.Equal(age, meaning.Age);
        Assert.Equal($"in their {age}s", Assert.Single(meaning.Understood).Text);
        Assert.Equal(typed, meaning.ReadAs);
    }

    [Theory]
    [InlineData("befriending PO6 3AA", "PO6 3AA")]
    [InlineData("befriending po63aa", "PO63AA")]
    [InlineData("befriending in PO6", "PO6")]
    [InlineData("befriending drayton and farlington", "Drayton and Farlington")]
    public void Postcodes_districts_and_gazetteer_places_become_the_place(string typed, string place)
    {
        var meaning = Read(typed);

        Assert.Equal("befriending", meaning.Rest);
        Assert.Equal(place, meaning.Place);
    }

    [Fact]
    public void A_kind_switched_off_stays_text()
    {
        var meaning = Read("free yoga on Sundays", "day");

        Assert.Equal("yoga on sundays", meaning.Rest);
        Assert.Empty(meaning.Days);
        Assert.True(meaning.Free);
    }

    [Fact]
    public void Web_search_syntax_is_taken_as_typed()
    {
        var meaning = Read("\"sunday lunch\" -free");

        Assert.Equal("\"sunday lunch\" -free", meaning.Rest);
        Assert.Empty(meaning.Understood);
    }

    [Fact]
    public void Only_understood_words_leave_no_text()
    {
        var meaning = Read("free on Sundays");

        Assert.Null(meaning.Rest);
        Assert.Equal(2, meaning.Understood.Count);
    }
}
