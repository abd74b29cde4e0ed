"""An identity-provider account that no administrator has mapped to a user yet."""

import streamlit as st

st.title("You do not have access yet")
st.write(
    "You signed in with your hospital account, but it is not linked to a Mind & Body "
    "screening user. Ask your administrator to link your account and give you a role; "
    "then sign in again."
)
if st.button("Sign out", icon=":material/logout:"):
    st.logout()
