using DirectoryService.Features.Search;
using DirectoryService.Search;
using DirectoryService.Search.Gazetteer;
using FluentValidation.TestHelper;

namespace Directory.Tests.Search;

public sealed class TextQueryTests
{
    private static readonly Synonyms Synonyms = new(["mens shed => mens sheds, workshop", "lonely => befriending, social isolation"]);

    [Fact]
    public void Synonym_phrases_become_one_group_of_alternatives_and_other_words_their_own_group()
    {
        var query = TextQuery.Plan("Men's shed near Cosham", Synonyms)!;

        Assert.Equal(2, query.Groups.Count);
        Assert.Equal(["mens shed", "mens sheds", "workshop"], query.Groups[0]);
        Assert.Equal(["cosham"], query.Groups[1]);
    }

    [Fact]
    public void Web_search_syntax_is_kept_verbatim()
    {
        Assert.True(TextQuery.Plan("\"tea dance\" -online", Synonyms)!.Verbatim);
        Assert.False(TextQuery.Plan("tea dance", Synonyms)!.Verbatim);
        Assert.True(TextQuery.Plan("knitting OR crochet group", Synonyms)!.Verbatim);
        Assert.False(TextQuery.Plan("the internet or a mobile phone", Synonyms)!.Verbatim);
    }

    [Fact]
    public void Corrections_add_the_corrected_word_and_its_synonyms()
    {
        var query = TextQuery.Plan("lonley", Synonyms)!.WithCorrections(new Dictionary<string, string> { ["lonley"] = "lonely" }, Synonyms);

        Assert.Equal(["lonely", "befriending", "social isolation"], query.Groups[0]);
    }

    [Fact]
    public void The_semantic_path_embeds_a_query_with_the_expansions_of_meaning_rules_only()
    {
        var synonyms = new Synonyms(["chat => befriending, listening", "[meaning]", "copd => breathing, lung"]);
        var query = TextQuery.Plan("chat about my copd", synonyms)!;

        Assert.Equal("chat about my copd (breathing, lung)", DirectoryService.Search.Semantic.SemanticSearch.QueryText(query, synonyms));
        Assert.Equal("chat about my copd", DirectoryService.Search.Semantic.SemanticSearch.QueryText(query, null));
        Assert.Throws<FormatException>(() => new Synonyms(["[conditions]"]));
    }

    [Fact]
    public void A_misspelling_of_a_word_the_vocabulary_knows_is_that_word()
    {
        var synonyms = new Synonyms(["[meaning]", "alzheimers, memory loss => dementia", "copd => breathing"]);

        Assert.Equal("alzheimers", synonyms.Misspelt("altzheimers"));
        Assert.Equal("copd", synonyms.Misspelt("cpod"));
        Assert.Null(synonyms.Misspelt("alzheimers"));
        Assert.Null(synonyms.Misspelt("memory"));
        Assert.Null(synonyms.Misspelt("cod"));
    }

    [Fact]
    public void Only_stop_words_is_no_text_query() => Assert.Null(TextQuery.Plan("for the", Synonyms));

    [Fact]
    public void Contractions_are_not_searched_for_but_a_vocabulary_phrase_holding_one_still_is()
    {
        var vocabulary = new Synonyms(["cant leave the house => housebound"]);
        var query = TextQuery.Plan("she doesn't know how and hasn't been out since", vocabulary)!;
        var housebound = TextQuery.Plan("she can't leave the house", vocabulary)!;

        // "how", "been" and "out" are PostgreSQL's stop words, so neither engine searches them.
        Assert.Equal(["know"], query.Groups.Select(TextQuery.Typed));
        Assert.Equal("cant leave the house", TextQuery.Typed(Assert.Single(housebound.Groups)));
        Assert.Equal(["garden", "shed"], TextQuery.Plan("a garden shed", vocabulary)!.Groups.Select(TextQuery.Typed));
    }

    [Fact]
    public void Generic_words_alone_are_not_what_a_query_is_about()
    {
        var query = TextQuery.Plan("sailing club for older people", new Synonyms(["older people => older people, over 50s"]))!;

        Assert.Equal(2, query.SpecificGroups.Count);
        Assert.Equal(["sailing"], query.SpecificGroups[0]);
        Assert.Equal(["older people", "over 50s"], query.SpecificGroups[1]);
        Assert.True(TextQuery.IsGeneric(["club"]));
        Assert.True(TextQuery.IsGeneric(["dad", "dads", "fathers"]));
        Assert.False(TextQuery.IsGeneric(["job club", "club"]));
    }

    [Fact]
    public void A_query_without_some_groups_keeps_the_rest_and_is_null_when_none_are_left()
    {
        var query = TextQuery.Plan("sailing club", Synonyms)!;

        Assert.Equal(["club"], Assert.Single(query.Without([query.Groups[0]])!.Groups));
        Assert.Null(query.Without(query.Groups.ToList()));
    }

    [Theory]
    [InlineData("befreinding", "befriending", 1)]
    [InlineData("gardning", "gardening", 1)]
    [InlineData("grup", "group", 1)]
    [InlineData("walk", "talk", 1)]
    [InlineData("abc", "abc", 0)]
    public void Edit_distance_counts_a_transposition_as_one(string a, string b, int expected) =>
        Assert.Equal(expected, EditDistance.Between(a, b));

    [Fact]
    public void The_shipped_synonym_file_loads() => Assert.NotNull(Synonyms.Load().Expand("lonely"));
}

public sealed class OsGridConversionTests
{
    [Fact]
    public void Ordnance_survey_worked_example_converts_to_wgs84_within_metres()
    {
        // OS guide example (Caister water tower): E 651409.903, N 313177.270 is 52°39'28.7230"N 1°42'57.7870"E
        // in ETRS89 (= WGS84 to within a metre or so). The 7-parameter Helmert is good to a few metres.
        var (lat, lon) = OsGridConversion.ToWgs84(651409.903, 313177.270);

        Assert.InRange(lat, 52.65790, 52.65806);
        Assert.InRange(lon, 1.71595, 1.71615);
    }
}

public sealed class SearchValidatorTests
{
    private readonly SearchServices.Validator _validator = new();

    [Fact]
    public void A_plain_query_is_valid() => _validator.TestValidate(new SearchServices.Query(Q: "tea dance", Postcode: "PO6 1BE", RadiusKm: 3)).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void Lat_without_lon_and_radius_without_a_place_are_invalid()
    {
        var result = _validator.TestValidate(new SearchServices.Query(Lat: 50.8, RadiusKm: 2));
        result.ShouldHaveValidationErrorFor(q => q.Lon);
        var noPlace = _validator.TestValidate(new SearchServices.Query(RadiusKm: 2));
        noPlace.ShouldHaveValidationErrorFor(q => q.RadiusKm);
    }

    [Fact]
    public void A_time_window_must_run_forwards() =>
        _validator.TestValidate(new SearchServices.Query(From: "18:00", To: "09:00")).ShouldHaveValidationErrorFor(q => q.To);
}

public sealed class BoundingBoxTests
{
    [Theory]
    [InlineData(50.85, -1.07, 1.5)]
    [InlineData(50.85, -1.07, 50)]
    [InlineData(58.6, -3.5, 200)]
    public void Every_point_on_the_circle_lies_inside_its_box(double latitude, double longitude, double radiusKm)
    {
        var (minLat, maxLat, minLon, maxLon) = SearchVocabulary.BoundingBox(latitude, longitude, radiusKm);

        // Points at the radius on every bearing (destination-point formula on the sphere the distance uses).
        const double earthKm = 6371.0088;
        var angular = radiusKm / earthKm;
        var φ1 = latitude * Math.PI / 180;
        for (var bearing = 0; bearing < 360; bearing++)
        {
            var θ = bearing * Math.PI / 180;
            var φ2 = Math.Asin(Math.Sin(φ1) * Math.Cos(angular) + Math.Cos(φ1) * Math.Sin(angular) * Math.Cos(θ));
            var λ2 = longitude * Math.PI / 180 + Math.Atan2(Math.Sin(θ) * Math.Sin(angular) * Math.Cos(φ1), Math.Cos(angular) - Math.Sin(φ1) * Math.Sin(φ2));
            var (lat, lon) = (φ2 * 180 / Math.PI, λ2 * 180 / Math.PI);
            Assert.InRange(SearchVocabulary.HaversineKm(latitude, longitude, lat, lon), radiusKm * 0.999, radiusKm * 1.001);
            Assert.InRange(lat, minLat, maxLat);
            Assert.InRange(lon, minLon, maxLon);
        }
    }
}
