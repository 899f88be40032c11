using BuildingBlocks.Privacy;

namespace BuildingBlocks.Tests.Privacy;

/// <summary>The words a search found nothing for leave the Directory only if they look like no name, phone, email or postcode.</summary>
public sealed class SearchWordScreenTests
{
    [Theory]
    [InlineData("07700 900123")]
    [InlineData("07700900123")]
    [InlineData("pat@example.org")]
    [InlineData("PO6 2GB")]
    [InlineData("po6")]
    [InlineData("2gb")]
    [InlineData("smith")]
    [InlineData("margaret")]
    [InlineData("x")]
    public void A_phone_email_postcode_or_common_name_is_dropped(string unmatched) =>
        Assert.Empty(SearchWordScreen.Screen("sailing " + unmatched, [unmatched]));

    [Fact]
    public void A_capitalised_word_after_the_first_is_dropped_and_a_plain_gap_word_kept_in_lower_case()
    {
        Assert.Equal(["sailing"], SearchWordScreen.Screen("Sailing with Bartholomew", ["sailing", "bartholomew"]));
        Assert.Equal(["sailing", "ukulele"], SearchWordScreen.Screen("sailing ukulele", ["sailing", "ukulele"]));
    }

    [Fact]
    public void A_capitalised_first_word_is_kept_unless_the_next_is_capitalised_too()
    {
        Assert.Equal(["pottery"], SearchWordScreen.Screen("Pottery classes", ["pottery"]));
        Assert.Empty(SearchWordScreen.Screen("Bartholomew Quigley", ["bartholomew", "quigley"]));
    }

    [Fact]
    public void Without_the_typed_text_the_words_alone_are_screened() =>
        Assert.Equal(["chess"], SearchWordScreen.Screen(null, ["chess", "john", "01234", "a@b.co"]));

    [Fact]
    public void The_parts_of_an_email_address_or_postcode_the_search_split_apart_are_dropped() =>
        Assert.Equal(["sailing"], SearchWordScreen.Screen("sailing pat@example.org PO6 2GB", ["sailing", "pat", "example", "org", "po", "gb"]));

    [Fact]
    public void Only_what_looks_like_a_taxonomy_code_passes_as_a_category() =>
        Assert.Equal(["arts-crafts", "mens-sheds"],
            SearchWordScreen.Categories(["arts-crafts", "mens-sheds", "John Smith", "john-smith", "07700900123", "pat@example.org", "arts-crafts"]));
}
