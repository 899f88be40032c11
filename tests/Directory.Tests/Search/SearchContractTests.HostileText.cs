using BuildingBlocks.Web;
using FluentValidation;
using Query = DirectoryService.Features.Search.SearchServices.Query;

namespace Directory.Tests.Search;

/// <summary>
/// Whatever a person types searches, or is a 400/422 naming the field: never an engine's syntax error or any other
/// exception (a 500). Through the real search path (validation, planning, the adapter's SQL, fallbacks, telemetry).
/// </summary>
public abstract partial class SearchContractTests
{
    private const int MaxQueryLength = 200;

    [Theory]
    [InlineData("\"")]
    [InlineData("-")]
    [InlineData("\"the\"")]
    [InlineData(" ")]
    [InlineData("\" \"")]
    [InlineData("-the")]
    [InlineData("\"\"")]
    [InlineData("*")]
    [InlineData("NEAR(tea dance)")]
    [InlineData("name:lunch")]
    [InlineData("tea OR")]
    [InlineData("( tea")]
    [InlineData("lunch\0club")]
    [InlineData("\0")]
    [InlineData("tea \ud800dance")]
    [InlineData("😀")]
    public async Task Search_syntax_and_odd_characters_typed_as_text_search(string typed)
    {
        var result = await fixture.Search(new Query(Q: typed));

        Assert.True(result.Total >= 0);
    }

    [Fact]
    public async Task Search_text_longer_than_the_limit_is_a_400_naming_q()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => fixture.Search(new Query(Q: new string('a', MaxQueryLength + 1))));

        Assert.Contains(error.Errors, e => e.PropertyName == nameof(Query.Q));
    }

    [Fact]
    public async Task Random_hostile_text_always_searches_or_is_a_400_for_length()
    {
        var hostile = new HostileText();
        for (var i = 0; i < 300; i++)
        {
            var typed = hostile.Next();
            var context = $"seed {hostile.Seed}, query {i}: \"{HostileText.Show(typed)}\"";
            try
            {
                var result = await fixture.Search(new Query(Q: typed));
                Assert.True(typed.Length <= MaxQueryLength, $"{typed.Length} characters were searched, over the {MaxQueryLength} limit ({context})");
                Assert.True(result.Total >= 0, context);
            }
            catch (ValidationException e) when (typed.Length > MaxQueryLength)
            {
                Assert.True(e.Errors.All(f => f.PropertyName == nameof(Query.Q)), context);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{e.GetType().Name}: {e.Message} ({context})");
            }
        }
    }

    [Fact]
    public async Task Random_hostile_filter_values_search_or_are_a_400_or_422_naming_the_field()
    {
        var hostile = new HostileText();
        string[] fields = ["language", "ward", "taxonomy", "accessibility", "postcode", "day", "from", "to"];
        for (var i = 0; i < 150; i++)
        {
            var field = fields[i % fields.Length];
            var value = hostile.NextShort(field switch
            {
                "language" => "English", "ward" => "Cosham", "taxonomy" => "lunch-clubs", "accessibility" => "hearing-loop",
                "postcode" => "PO6 1BE", "day" => "monday", _ => "12:30",
            });
            var query = field switch
            {
                "language" => new Query(Q: "lunch", Language: value),
                "ward" => new Query(Ward: value),
                "taxonomy" => new Query(Q: "tea", Taxonomy: [value, "lunch-clubs"]),
                "accessibility" => new Query(Accessibility: [value]),
                "postcode" => new Query(Q: "walk", Postcode: value),
                "day" => new Query(Day: value),
                "from" => new Query(From: value, Day: "tuesday"),
                _ => new Query(From: "09:00", To: value),
            };
            var context = $"seed {hostile.Seed}, query {i}: {field}=\"{HostileText.Show(value)}\"";
            try
            {
                await fixture.Search(query);
            }
            catch (ValidationException e)
            {
                Assert.True(e.Errors.Any(f => f.PropertyName.StartsWith(field, StringComparison.OrdinalIgnoreCase)),
                    $"400 names {string.Join(", ", e.Errors.Select(f => f.PropertyName))} ({context})");
            }
            catch (RuleViolationException e) when (field == "postcode")
            {
                Assert.True(e.Errors.ContainsKey("postcode"), context);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{e.GetType().Name}: {e.Message} ({context})");
            }
        }
    }
}
