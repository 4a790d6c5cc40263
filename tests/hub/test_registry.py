from hub.registry import Registry


def test_items_come_back_in_the_order_they_were_added():
    registry = Registry()
    registry.add("needs", "Your needs")
    registry.add("reserve", "Call-outs")
    assert list(registry) == ["Your needs", "Call-outs"]
    assert registry.items() == [("needs", "Your needs"), ("reserve", "Call-outs")]


def test_adding_under_a_key_again_replaces_the_item_where_it_stands():
    registry = Registry()
    registry.add("needs", "Your needs")
    registry.add("reserve", "Call-outs")
    assert registry.add("needs", "Needs") == "Needs"
    assert list(registry) == ["Needs", "Call-outs"]
