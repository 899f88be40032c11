using DirectoryService.Search;

namespace Directory.Tests.Search;

public sealed class SnippetTests
{
    private static TextQuery Planned(params string[][] groups) => new(string.Join(' ', groups.Select(g => g[0])), groups, Loose: false, Verbatim: false);

    [Fact]
    public void Words_of_the_query_are_marked_in_any_of_their_forms_and_any_case()
    {
        var snippet = Snippet.For(Planned(["walking"])).Of("Gentle Walks every Tuesday; we walked 2 miles last week.");

        Assert.Equal("Gentle <mark>Walks</mark> every Tuesday; we <mark>walked</mark> 2 miles last week.", snippet);
    }

    [Fact]
    public void Every_phrase_of_a_group_is_looked_for_and_stop_words_are_not_marked()
    {
        var snippet = Snippet.For(Planned(["lonely", "loneliness", "cup of tea"]))
            .Of("A friendly cup of tea for anyone feeling the loneliness of winter.");

        Assert.Equal("A friendly <mark>cup</mark> of <mark>tea</mark> for anyone feeling the <mark>loneliness</mark> of winter.", snippet);
    }

    [Fact]
    public void Words_the_text_search_leaves_out_are_not_marked()
    {
        var snippet = Snippet.For(Planned(["make"], ["all"], ["own"], ["clothes"])).Of("Bring all your own fabric: we sew clothes together.");

        Assert.Equal("Bring all your own fabric: we sew <mark>clothes</mark> together.", snippet);
    }

    [Fact]
    public void Listing_text_is_escaped_and_accents_do_not_stop_a_match()
    {
        var snippet = Snippet.For(Planned(["cafe"], ["mens"])).Of("<b>Café</b> & chat for <script>men's</script> groups");

        Assert.Equal("&lt;b&gt;<mark>Caf&#233;</mark>&lt;/b&gt; &amp; chat for &lt;script&gt;<mark>men&#39;s</mark>&lt;/script&gt; groups", snippet);
    }

    [Fact]
    public void A_letter_unaccent_spells_out_in_two_still_matches()
    {
        var snippet = Snippet.For(Planned(["strasse"])).Of("Walks from the Straße gardens");

        Assert.Equal("Walks from the <mark>Stra&#223;e</mark> gardens", snippet);
    }

    [Fact]
    public void A_long_text_is_cut_to_the_words_around_the_most_matches()
    {
        var filler = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"w{i}"));
        var text = $"Lunch first. {filler} then a choir and more choir singing. {filler} end.";

        var snippet = Snippet.For(Planned(["choir"])).Of(text);

        Assert.StartsWith("…w40 then a <mark>choir</mark> and more <mark>choir</mark> singing.", snippet);
        Assert.EndsWith("…", snippet);
        Assert.Equal(Snippet.MaxWords, snippet.Trim('…').Split(' ').Length);
        Assert.DoesNotContain("Lunch", snippet);
    }

    [Fact]
    public void Text_without_a_match_shows_its_start()
    {
        var text = string.Join(' ', Enumerable.Range(1, 50).Select(i => $"w{i}"));

        var snippet = Snippet.For(Planned(["choir"])).Of(text);

        Assert.Equal(string.Join(' ', Enumerable.Range(1, Snippet.MaxWords).Select(i => $"w{i}")) + "…", snippet);
    }

    [Fact]
    public void Typed_search_syntax_marks_what_was_asked_for_and_not_what_was_excluded()
    {
        var typed = new TextQuery("\"tea dance\" -online OR ceilidh", [["tea"], ["dance"], ["online"], ["ceilidh"]], Loose: false, Verbatim: true);

        var snippet = Snippet.For(typed).Of("A tea dance in the hall, never online.");

        Assert.Equal("A <mark>tea</mark> <mark>dance</mark> in the hall, never online.", snippet);
    }
}
